//! The connections file. One YAML (or JSON) document:
//!
//! ```yaml
//! connections:
//!   # DG_mssql (QlikConnectorsCommonService.exe 1.202.0)
//!   - qName: sqlserver_sales
//!     dataSourceId: DG_mssql
//!     space: Finance                                        # by name; absent: personal
//!     connectionProperties:
//!       database: Sales
//!       gatewayInstance: My Direct Access Gateway (in Azure) # by name
//!       host: sql01.corp.local
//!       password: ${env:SQLSERVER_SALES_PASSWORD}
//!       port: '1433'
//!       username: ${env:SQLSERVER_SALES_USERNAME}
//! ```
//!
//! Separated credentials: `separateCredentials: 'true'` with `credentialsName: NAME` (the
//! target's credential of that name is reused, else created from the secrets), or with
//! `selectedCredentials: NAME` (an existing credential of the target, by name). A value that is
//! exactly `${env:NAME}` is read from the environment variable NAME on apply.
//!
//! Written sorted (connections by space and name, properties by name) with a comment per
//! connection naming its source and connector version, so it diffs well in git.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionsFile {
    pub connections: Vec<Entry>,
}

/// One connection: the create body of the seeds, with names for ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(rename = "qName")]
    pub q_name: String,
    #[serde(rename = "dataSourceId")]
    pub data_source_id: String,
    /// The space's **name**; `None` is the personal space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(rename = "connectionProperties", default)]
    pub connection_properties: Map<String, Value>,
    /// Written as the comment above the entry; not part of the file's data.
    #[serde(skip)]
    pub comment: Option<String>,
}

/// `${env:NAME}`: the variable a placeholder names.
pub fn placeholder(value: &Value) -> Option<&str> {
    let s = value.as_str()?.trim();
    let name = s.strip_prefix("${env:")?.strip_suffix('}')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some(name)
}

pub fn placeholder_for(var: &str) -> Value {
    Value::String(format!("${{env:{var}}}"))
}

/// The variable name for a connection's property: both in upper snake case,
/// `sqlserver_sales` + `password` → `SQLSERVER_SALES_PASSWORD`, `S3 landing` + `secretKey` →
/// `S3_LANDING_SECRET_KEY`.
pub fn env_name(connection: &str, property: &str) -> String {
    let words = crate::schema::names::split_words(connection)
        .into_iter()
        .chain(crate::schema::names::split_words(property));
    let name = words
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_uppercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("QDC_{name}")
    } else {
        name
    }
}

impl ConnectionsFile {
    /// Reads YAML or JSON (JSON is YAML too, so one reader does both); every problem with
    /// its place in the file.
    pub fn parse(text: &str) -> Result<ConnectionsFile, String> {
        let file: ConnectionsFile = serde_norway::from_str(text).map_err(|e| e.to_string())?;
        let mut seen = BTreeSet::new();
        for (i, e) in file.connections.iter().enumerate() {
            if e.q_name.trim().is_empty() {
                return Err(format!("connections[{i}]: qName is empty"));
            }
            if e.data_source_id.trim().is_empty() {
                return Err(format!(
                    "connections[{i}] ({}): dataSourceId is empty",
                    e.q_name
                ));
            }
            if !seen.insert((e.space.clone(), e.q_name.clone())) {
                return Err(format!(
                    "connections[{i}]: {:?} is in the file twice for the same space",
                    e.q_name
                ));
            }
        }
        Ok(file)
    }

    /// Connections by space then name, properties by name: the same tenant gives the same
    /// bytes.
    pub fn sort(&mut self) {
        for e in &mut self.connections {
            let mut props: Vec<(String, Value)> = std::mem::take(&mut e.connection_properties)
                .into_iter()
                .collect();
            props.sort_by(|a, b| a.0.cmp(&b.0));
            e.connection_properties = props.into_iter().collect();
        }
        self.connections.sort_by(|a, b| {
            (a.space.as_deref().unwrap_or(""), &a.q_name)
                .cmp(&(b.space.as_deref().unwrap_or(""), &b.q_name))
        });
    }

    /// YAML with a comment above each connection.
    pub fn to_yaml(&self) -> Result<String, String> {
        let mut out = String::from(
            "# qdc connections file: `qdc apply -f FILE` creates or updates these connections.\n\
             # Spaces, gateways (gatewayInstance) and credentials (selectedCredentials) are by name;\n\
             # ${env:NAME} is read from the environment variable NAME on apply.\n",
        );
        if self.connections.is_empty() {
            out.push_str("connections: []\n");
            return Ok(out);
        }
        out.push_str("connections:\n");
        for entry in &self.connections {
            let item = serde_norway::to_string(&vec![entry]).map_err(|e| e.to_string())?;
            if let Some(comment) = &entry.comment {
                for line in comment.lines() {
                    out.push_str(&format!("  # {}\n", line.replace(['\r', '\n'], " ")));
                }
            }
            for line in item.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        Ok(out)
    }

    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sample() -> ConnectionsFile {
        ConnectionsFile {
            connections: vec![
                Entry {
                    q_name: "z_last".into(),
                    data_source_id: "rest".into(),
                    space: Some("Sales".into()),
                    connection_properties: json!({"url": "https://x", "method": "GET"})
                        .as_object()
                        .cloned()
                        .unwrap(),
                    comment: Some("rest (QvRestConnector.exe 1.0)".into()),
                },
                Entry {
                    q_name: "sqlserver_sales".into(),
                    data_source_id: "DG_mssql".into(),
                    space: Some("Finance".into()),
                    connection_properties: json!({
                        "port": "1433", "password": "${env:SQLSERVER_SALES_PASSWORD}",
                        "gatewayInstance": "My Direct Access Gateway (in Azure)"
                    })
                    .as_object()
                    .cloned()
                    .unwrap(),
                    comment: None,
                },
            ],
        }
    }

    #[test]
    fn yaml_is_sorted_commented_and_reads_back_the_same() {
        let mut file = sample();
        file.sort();
        let yaml = file.to_yaml().unwrap();
        assert!(yaml.find("sqlserver_sales").unwrap() < yaml.find("z_last").unwrap());
        assert!(
            yaml.contains("  # rest (QvRestConnector.exe 1.0)\n  - qName: z_last"),
            "{yaml}"
        );
        let keys: Vec<&str> = file.connections[0]
            .connection_properties
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["gatewayInstance", "password", "port"]);
        let mut back = ConnectionsFile::parse(&yaml).unwrap();
        back.connections.iter_mut().for_each(|e| e.comment = None);
        let mut plain = file.clone();
        plain.connections.iter_mut().for_each(|e| e.comment = None);
        assert_eq!(back, plain);
        // JSON reads with the same reader
        assert_eq!(
            ConnectionsFile::parse(&file.to_json().unwrap()).unwrap(),
            plain
        );
    }

    #[test]
    fn placeholders_and_variable_names() {
        assert_eq!(placeholder(&json!("${env:A_B1}")), Some("A_B1"));
        assert_eq!(placeholder(&json!("${env:1A}")), None);
        assert_eq!(placeholder(&json!("pre ${env:A}")), None);
        assert_eq!(placeholder(&json!(5)), None);
        assert_eq!(
            env_name("sqlserver_sales", "password"),
            "SQLSERVER_SALES_PASSWORD"
        );
        assert_eq!(env_name("S3 landing", "secretKey"), "S3_LANDING_SECRET_KEY");
        assert_eq!(
            env_name("1st", "PRIV_KEY_FILE_PWD"),
            "QDC_1ST_PRIV_KEY_FILE_PWD"
        );
    }

    #[test]
    fn bad_files_say_where() {
        let twice = "connections:\n- {qName: a, dataSourceId: rest, space: S}\n- {qName: a, dataSourceId: rest, space: S}\n";
        assert!(ConnectionsFile::parse(twice).unwrap_err().contains("twice"));
        let unknown = "connections:\n- {qName: a, dataSourceId: rest, spaceId: S}\n";
        let err = ConnectionsFile::parse(unknown).unwrap_err();
        assert!(err.contains("spaceId"), "{err}");
    }
}
