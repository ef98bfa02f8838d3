//! The collective's signing key: made on first use, kept in the database (so that
//! SQLCipher encrypts it and every process on one PostgreSQL database signs as one
//! collective), and shown to others only as its public half.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::db::schema::collective_keys;
use crate::db::DbConn;
use crate::error::AppError;

/// What a public key looks like as text: a prefix that says what it is, then 64 hex digits.
pub const PUBLIC_PREFIX: &str = "haul-key-1:";

/// The collective's key pair.
pub struct CollectiveKey(SigningKey);

impl CollectiveKey {
    pub fn from_seed(seed: &[u8; 32]) -> CollectiveKey {
        CollectiveKey(SigningKey::from_bytes(seed))
    }
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }
    pub fn sign(&self, bytes: &[u8]) -> [u8; 64] {
        self.0.sign(bytes).to_bytes()
    }
}

/// A collective's public key: what partners exchange in person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// `haul-key-1:<64 hex>`, or the bare 64 hex digits; spaces and case do not matter
    /// (people read keys aloud and type them from paper).
    pub fn parse(text: &str) -> Result<PublicKey, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = compact.to_ascii_lowercase();
        let hex_part = compact.strip_prefix(PUBLIC_PREFIX).unwrap_or(&compact);
        let bytes: [u8; 32] = hex::decode(hex_part)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| format!("a public key is {PUBLIC_PREFIX} followed by 64 hex digits"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| "this is not a valid public key".to_string())
    }
    pub fn hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }
    pub fn text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", self.hex())
    }
    /// The first 16 bytes of the key's SHA-256 in groups of four hex digits: short
    /// enough to compare aloud, long enough that nobody can make a key to match it.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        hex::encode(&digest[..16])
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// Whether `signature` (64 bytes) is this key's over `bytes`.
    pub fn verifies(&self, bytes: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.0
            .verify_strict(bytes, &Signature::from_bytes(&sig))
            .is_ok()
    }
    /// The key as a QR code (SVG), to be shown on a phone and scanned by the partner.
    pub fn qr_svg(&self) -> Result<String, String> {
        crate::boxes::labels::qr_svg(&self.text())
    }
}

/// The collective's key, made and stored on first use. Runs inside a write transaction,
/// so two requests cannot both make one.
pub fn load_or_create(conn: &mut DbConn, now: NaiveDateTime) -> Result<CollectiveKey, AppError> {
    if let Some(key) = load(conn)? {
        return Ok(key);
    }
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(rand::Rng::random(&mut rand::rng()));
    diesel::insert_into(collective_keys::table)
        .values((
            collective_keys::id.eq(1_i64),
            collective_keys::secret.eq(hex::encode(*seed)),
            collective_keys::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(CollectiveKey::from_seed(&seed))
}

/// The stored key, if one was made.
pub fn load(conn: &mut DbConn) -> Result<Option<CollectiveKey>, AppError> {
    let secret: Option<String> = collective_keys::table
        .filter(collective_keys::id.eq(1_i64))
        .select(collective_keys::secret)
        .first(conn)
        .optional()?;
    let Some(secret) = secret.map(Zeroizing::new) else {
        return Ok(None);
    };
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
        hex::decode(secret.as_str())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| AppError::Internal("the stored collective key is damaged".into()))?,
    );
    Ok(Some(CollectiveKey::from_seed(&seed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_from_its_text_and_verifies_its_signatures() {
        let key = CollectiveKey::from_seed(&[7; 32]);
        let public = key.public();
        let read = PublicKey::parse(&public.text().to_uppercase().replace(':', ":  "));
        assert_eq!(read, Ok(public), "typed from paper: any case, any spaces");
        let read = PublicKey::parse(&format!(" {} ", public.text())).expect("parses");
        assert_eq!(read, public);
        assert_eq!(PublicKey::parse(&public.hex()).expect("bare hex"), public);
        let sig = key.sign(b"fifty sleeping bags");
        assert!(public.verifies(b"fifty sleeping bags", &sig));
        assert!(!public.verifies(b"fifty sleeping bags!", &sig));
        assert!(!public.verifies(b"fifty sleeping bags", &sig[..63]));
        assert_eq!(public.fingerprint().len(), 8 * 4 + 7);
        assert!(PublicKey::parse("haul-key-1:00").is_err());
        assert!(public.qr_svg().expect("qr").starts_with("<svg"));
    }
}
