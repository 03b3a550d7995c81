//! Rules for a profile's name and description.
//!
//! They follow Qlik's own rules for a connection profile (seed 003): a name is letters, digits,
//! spaces and `_ . + -`, at most 255 characters; a description is at most 4,000 characters.
//! Keeping to Qlik's alphabet also keeps a name safe as a keyring account and a TOML key.

/// Longest profile name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest profile description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

/// Why a profile name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a profile name cannot be empty")]
    Empty,
    #[error("a profile name cannot start or end with a space")]
    OuterSpace,
    #[error("a profile name is at most {MAX_NAME_CHARS} characters (this one has {0})")]
    TooLong(usize),
    #[error("a profile name may contain only letters, digits, spaces and _ . + - (found {0:?})")]
    ForbiddenCharacter(char),
}

/// Checks a profile name against Qlik's connection-name rules.
pub fn check_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(NameError::TooLong(count));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '+' | '-')))
    {
        return Err(NameError::ForbiddenCharacter(bad));
    }
    // Leading/trailing spaces make two profiles that look identical in a list.
    if name.starts_with(' ') || name.ends_with(' ') {
        return Err(NameError::OuterSpace);
    }
    Ok(())
}

/// Checks a description's length.
pub fn check_description(description: &str) -> Result<(), String> {
    let count = description.chars().count();
    if count > MAX_DESCRIPTION_CHARS {
        return Err(format!(
            "a description is at most {MAX_DESCRIPTION_CHARS} characters (this one has {count})"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_qliks_connection_rules() {
        for good in [
            "prod",
            "Acme EU",
            "team_a.v2+test-1",
            "Ünïcode 北京",
            &"a".repeat(255),
        ] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        assert_eq!(check_name(""), Err(NameError::Empty));
        assert_eq!(check_name(&"a".repeat(256)), Err(NameError::TooLong(256)));
        assert_eq!(
            check_name(&"é".repeat(255)),
            Ok(()),
            "characters, not bytes"
        );
        for (bad, c) in [
            ("a/b", '/'),
            ("a:b", ':'),
            ("a\"b", '"'),
            ("a\tb", '\t'),
            ("x@y", '@'),
        ] {
            assert_eq!(
                check_name(bad),
                Err(NameError::ForbiddenCharacter(c)),
                "{bad}"
            );
        }
        assert_eq!(check_name(" prod"), Err(NameError::OuterSpace));
    }

    #[test]
    fn description_is_at_most_4000_characters() {
        assert!(check_description(&"d".repeat(4000)).is_ok());
        let err = check_description(&"d".repeat(4001)).unwrap_err();
        assert!(err.contains("4000") && err.contains("4001"), "{err}");
    }
}
