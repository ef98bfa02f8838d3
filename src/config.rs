//! Settings from flags and the environment, checked once at start-up.

use crate::db::DatabaseUrl;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://haul.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseUrl,
    pub bind: String,
}

impl Config {
    pub fn new(database_url: &str, bind: &str) -> anyhow::Result<Config> {
        let database = DatabaseUrl::parse(database_url).map_err(anyhow::Error::msg)?;
        bind.parse::<std::net::SocketAddr>().map_err(|e| {
            anyhow::anyhow!("--bind '{bind}' is not an address like 127.0.0.1:8080: {e}")
        })?;
        Ok(Config {
            database,
            bind: bind.to_string(),
        })
    }
}
