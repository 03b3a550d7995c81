//! The tenant's ids and names as types. On the wire a connection's id, a credential's id and a
//! credential's name are all strings; a request or an answer that carries one says which, so a
//! name can never be sent where an id is meant (nor told apart afterwards by where it came from).

macro_rules! text_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_string())
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_key!(
    /// A data connection's id (`id`, the same as its `qID`).
    ConnectionId
);
text_key!(
    /// A data credential's id (`qID`, a connection's `qCredentialsID`).
    CredentialId
);
text_key!(
    /// A data credential's name (`qName`), which the tenant also looks credentials up by.
    CredentialName
);
