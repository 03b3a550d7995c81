//! The panes of the explorer: a leaf every other module can name.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Sources,
    Gateways,
    Connections,
    Credentials,
    Spaces,
}

impl Pane {
    /// Tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Sources,
        Pane::Gateways,
        Pane::Connections,
        Pane::Credentials,
        Pane::Spaces,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Sources => "Sources",
            Pane::Gateways => "Gateways",
            Pane::Connections => "Connections",
            Pane::Credentials => "Credentials",
            Pane::Spaces => "Spaces",
        }
    }

    /// The digit that jumps here, for the four main panes.
    pub fn digit(self) -> Option<char> {
        match self {
            Pane::Sources => Some('1'),
            Pane::Gateways => Some('2'),
            Pane::Connections => Some('3'),
            Pane::Credentials => Some('4'),
            Pane::Spaces => None,
        }
    }

    /// What a row of this pane is called in messages ("copied connection id …").
    pub fn noun(self) -> &'static str {
        match self {
            Pane::Sources => "data source",
            Pane::Gateways => "gateway",
            Pane::Connections => "connection",
            Pane::Credentials => "credential",
            Pane::Spaces => "space",
        }
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }
    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}
