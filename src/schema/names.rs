//! Rules that read meaning out of a property *name*: its human label, whether it holds a secret,
//! and whether it names the user of a credential. Connectors name properties in every style
//! (`bucketName`, `OAuthMechanism`, `PRIV_KEY_FILE_PWD`, `HTTPPath`), so all rules work on the
//! words of a name rather than on raw substrings wherever a substring would misfire
//! (`monkey` holds "key"; `publicKey` is not a secret).

/// Splits a property name into words: at `_`, `-`, spaces and other punctuation, at a
/// lower-case or digit → upper-case step (`bucketName`, `P12Custom`), and at the end of an
/// acronym (`HTTPPath` → `HTTP`, `Path`). A single capital before a capitalised word stays
/// with it, so `OAuthMechanism` gives `OAuth`, `Mechanism`. Digits stay with the letters before
/// them (`S3`, `P12`).
pub fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut upper_run = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut current);
            upper_run = 0;
            continue;
        }
        if let Some(prev) = current.chars().last() {
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let step_up = c.is_uppercase() && (prev.is_lowercase() || prev.is_numeric());
            let acronym_ends = c.is_uppercase() && upper_run >= 2 && next_is_lower;
            if step_up || acronym_ends {
                flush(&mut words, &mut current);
                upper_run = 0;
            }
        }
        current.push(c);
        upper_run = if c.is_uppercase() { upper_run + 1 } else { 0 };
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// A word that is written in capitals on purpose (`HTTP`, `SSL`, `S3`, `OAuth`) and keeps its
/// casing in a label.
fn is_acronym(word: &str) -> bool {
    let uppers = word.chars().filter(|c| c.is_uppercase()).count();
    let lowers = word.chars().filter(|c| c.is_lowercase()).count();
    (lowers == 0 && word.chars().count() >= 2 && uppers >= 1) || uppers >= 2
}

/// A label for a property name, sentence case: `bucketName` → "Bucket name",
/// `OAuthMechanism` → "OAuth mechanism", `HTTPPath` → "HTTP path", `SSL` → "SSL".
/// A name written entirely in capitals with several words (`PRIV_KEY_FILE_PWD`) is shouting,
/// not a row of acronyms, and becomes "Priv key file pwd". A name with no letters or digits is
/// returned unchanged, so every field has a non-empty label when its name is non-empty.
pub fn humanise(name: &str) -> String {
    let words = split_words(name);
    if words.is_empty() {
        return name.to_string();
    }
    let shouting = words.len() > 1 && !name.chars().any(|c| c.is_lowercase());
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let keep = !shouting && is_acronym(word);
        if keep {
            out.push_str(word);
        } else if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(&chars.as_str().to_lowercase());
            }
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Fragments that mark a secret wherever they appear in the name (case-insensitive, with
/// separators removed): no property that merely *describes* a secret contains them.
const SECRET_FRAGMENTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "privatekey",
    "privkey",
    "apikey",
];

/// Whole words that mark a secret: abbreviations too short to match as fragments (`pwd` would
/// hit nothing wrongly, but `pw` or `key` inside another word would).
const SECRET_WORDS: &[&str] = &["pwd", "pw", "pfx", "key", "token"];

/// Words that, following `key` or `token`, say the property is *about* the key, not the key
/// itself (`keyName`, `tokenUrl`, `publicKeyAlgorithm`, `keyPath`).
const DESCRIPTOR_WORDS: &[&str] = &[
    "name",
    "id",
    "type",
    "url",
    "uri",
    "endpoint",
    "algorithm",
    "fingerprint",
    "length",
    "size",
    "path",
    "field",
    "alias",
];

/// Whether a property *name* marks a secret. See [`crate::schema::Field::secret`] for the whole
/// rule, which also reads the property's schema flags.
pub fn is_secret_name(name: &str) -> bool {
    let joined: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if SECRET_FRAGMENTS.iter().any(|f| joined.contains(f)) {
        return true;
    }
    let words: Vec<String> = split_words(name).iter().map(|w| w.to_lowercase()).collect();
    words.iter().enumerate().any(|(i, word)| {
        if !SECRET_WORDS.contains(&word.as_str()) {
            return false;
        }
        if word == "key" || word == "token" {
            let after_is_descriptor = words
                .get(i + 1)
                .is_some_and(|next| DESCRIPTOR_WORDS.contains(&next.as_str()));
            let public = i > 0 && words[i - 1] == "public";
            return !after_is_descriptor && !public;
        }
        true
    })
}

/// Words that name the *user* half of a credential (`username`, `userName`, `Email`, `login`):
/// stored in the credential record with the secret, and so left out when a connection reuses
/// an existing credential.
const IDENTITY_WORDS: &[&str] = &["user", "username", "login", "email", "uid", "userid"];

/// Whether a property name names the user of a credential.
pub fn is_identity_name(name: &str) -> bool {
    split_words(name)
        .iter()
        .any(|w| IDENTITY_WORDS.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_sentences() {
        let cases = [
            ("bucketName", "Bucket name"),
            ("OAuthMechanism", "OAuth mechanism"),
            ("HTTPPath", "HTTP path"),
            ("SSL", "SSL"),
            ("port", "Port"),
            ("PRIV_KEY_FILE_PWD", "Priv key file pwd"),
            ("P12CustomPwd", "P12 custom pwd"),
            ("S3OutputLocation", "S3 output location"),
            ("IsOffsetStartFieldHeader", "Is offset start field header"),
            ("authCode", "Auth code"),
            ("gatewayInstance", "Gateway instance"),
            ("crédit_utilisateur", "Crédit utilisateur"),
            ("数据库", "数据库"),
            ("___", "___"),
            ("", ""),
        ];
        for (name, label) in cases {
            assert_eq!(humanise(name), label, "label of {name:?}");
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "secretKey",
            "P12CustomPwd",
            "PRIV_KEY_FILE_PWD",
            "PRIV_KEY_FILE",
            "privateKey",
            "accessKey",
            "KeyFilePath",
            "serviceAccountKeyFile",
            "mutualPfxCertificateKey",
            "mutualPfxCertificateFiles",
            "client_secret",
            "refreshToken",
            "apikey",
        ] {
            assert!(is_secret_name(name), "{name} should be secret");
        }
        for name in [
            "bucketName",
            "username",
            "region",
            "publicKey",
            "publicKeyAlgorithm",
            "publicKeyFingerprint",
            "keyName",
            "tokenUrl",
            "monkey",
            "authCode",
            "Email",
            "TrustedCerts",
            "queryHeaders",
            "credentialsName",
            "selectedCredentials",
            "storeSseHeader",
        ] {
            assert!(!is_secret_name(name), "{name} should not be secret");
        }
    }

    #[test]
    fn identity_names() {
        assert!(is_identity_name("username"));
        assert!(is_identity_name("userName"));
        assert!(is_identity_name("Email"));
        assert!(!is_identity_name("bucketName"));
        assert!(!is_identity_name("role"));
    }
}
