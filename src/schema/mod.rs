//! api-specs JSON -> form model -> request body. Pure functions.
