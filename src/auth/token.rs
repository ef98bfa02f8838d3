//! API tokens: HS256 JWTs with the algorithm pinned, `exp` and `iat` required, and the
//! signing key from `HAUL_SECRET` or a key file Haul makes (mode 0600) on first start.

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Short on purpose: a stolen phone's token dies within the hour.
pub const TOKEN_LIFETIME_MINUTES: i64 = 30;
pub const KEY_FILE_NAME: &str = "haul.key";
const TOKEN_TYPE: &str = "access";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
}

#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Keys {
    pub fn from_secret(secret: &[u8]) -> Keys {
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// `HAUL_SECRET` (at least 32 bytes) if set, else the key file in `dir`, made on first use.
    pub fn load(dir: &Path) -> anyhow::Result<(Keys, KeySource)> {
        if let Ok(secret) = std::env::var("HAUL_SECRET") {
            if secret.len() < 32 {
                anyhow::bail!("HAUL_SECRET must be at least 32 characters");
            }
            return Ok((Keys::from_secret(secret.as_bytes()), KeySource::Environment));
        }
        let path = dir.join(KEY_FILE_NAME);
        let secret = read_or_create_key_file(&path)?;
        Ok((Keys::from_secret(&secret), KeySource::File(path)))
    }

    pub fn issue(
        &self,
        handle: &str,
        role: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), String> {
        let exp = now + chrono::Duration::minutes(TOKEN_LIFETIME_MINUTES);
        let claims = Claims {
            sub: handle.to_string(),
            role: role.to_string(),
            iat: now.timestamp(),
            exp: exp.timestamp(),
            typ: TOKEN_TYPE.to_string(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(|t| (t, exp))
            .map_err(|e| e.to_string())
    }

    /// The claims of a valid token: right key, HS256 only, unexpired, issued in the past.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, String> {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.leeway = 0;
        v.set_required_spec_claims(&["exp", "iat", "sub"]);
        let claims = decode::<Claims>(token, &self.decoding, &v)
            .map_err(|e| e.to_string())?
            .claims;
        if claims.typ != TOKEN_TYPE {
            return Err("wrong token type".into());
        }
        if claims.iat > now.timestamp() + 60 {
            return Err("token issued in the future".into());
        }
        if claims.exp <= now.timestamp() {
            return Err("token expired".into());
        }
        Ok(claims)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    File(PathBuf),
}

fn read_or_create_key_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    if let Ok(existing) = std::fs::read(path) {
        if existing.len() >= 32 {
            return Ok(existing);
        }
        anyhow::bail!(
            "key file {} is shorter than 32 bytes; delete it to make a new one",
            path.display()
        );
    }
    let key: [u8; 64] = rand::Rng::random(&mut rand::rng());
    let encoded = hex::encode(key).into_bytes();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(&encoded)?;
            f.sync_all()?;
            Ok(encoded)
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(std::fs::read(path)?),
        Err(e) => Err(anyhow::anyhow!(
            "cannot create key file {}: {e}",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_and_verifies_and_refuses_tampering() {
        let keys = Keys::from_secret(b"0123456789abcdef0123456789abcdef");
        let now = Utc::now();
        let (t, _) = keys.issue("mo", "crew", now).expect("issue");
        assert_eq!(keys.verify(&t, now).expect("valid").sub, "mo");
        let other = Keys::from_secret(b"another key another key another k");
        assert!(other.verify(&t, now).is_err());
        let later = now + chrono::Duration::minutes(TOKEN_LIFETIME_MINUTES + 1);
        assert!(keys.verify(&t, later).is_err());
    }
}
