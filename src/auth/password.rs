//! Passwords: argon2id at the OWASP parameters (19 MiB, 2 passes, 1 lane), and the
//! rules a new password must meet.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;

fn hasher() -> Argon2<'static> {
    // OWASP's first recommended configuration for argon2id.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn check_rules(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password is too short: use at least {MIN_PASSWORD_CHARS} characters (a few words together are easy to remember)"
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!(
            "the password is longer than {MAX_PASSWORD_CHARS} characters"
        ));
    }
    Ok(())
}

pub fn hash(password: &str) -> Result<String, String> {
    let salt_bytes: [u8; 16] = rand::rng().random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| e.to_string())?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, so an unknown handle is not told apart by timing.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("dummy password for timing").unwrap_or_default());
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterz", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn refuses_short_passwords() {
        assert!(check_rules("elevenchars").is_err());
        assert!(check_rules("twelve chars").is_ok());
    }
}
