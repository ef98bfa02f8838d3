//! The signed files two collectives hand each other (offer, answer, dispatch note,
//! receipt note): one text format, a short header and a canonical JSON body signed with
//! the collective's Ed25519 key over its exact bytes. `docs/partners.md` describes it.
//! Parsing here checks only the file itself; who signed it and whether it fits the
//! handover is for `model`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::key::{CollectiveKey, PublicKey};
use crate::catalog::Condition;

pub const MAGIC: &str = "HAUL PARTNER FILE 1";
pub const FORMAT: &str = "haul-partner-file/1";
/// Far more than any real handover needs; a file is read whole into memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
pub const MAX_LINES: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub format: String,
    /// The handover's random id, the same on both sides (32 hex digits).
    pub transfer: String,
    /// Fingerprints of the signer and of the collective the file is for.
    pub from: String,
    pub to: String,
    /// The hash of the file this one answers (none for an offer).
    pub answers: Option<String>,
    pub made_on: NaiveDate,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Content {
    Offer(Offer),
    Answer(Answer),
    Dispatch(Dispatch),
    Receipt(Receipt),
}

impl Content {
    pub fn kind(&self) -> Kind {
        match self {
            Content::Offer(_) => Kind::Offer,
            Content::Answer(_) => Kind::Answer,
            Content::Dispatch(_) => Kind::Dispatch,
            Content::Receipt(_) => Kind::Receipt,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Offer,
    Answer,
    Dispatch,
    Receipt,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Offer, Kind::Answer, Kind::Dispatch, Kind::Receipt];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Offer => "offer",
            Kind::Answer => "answer",
            Kind::Dispatch => "dispatch",
            Kind::Receipt => "receipt",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The kind of file this one answers.
    pub fn answers(self) -> Option<Kind> {
        match self {
            Kind::Offer => None,
            Kind::Answer => Some(Kind::Offer),
            Kind::Dispatch => Some(Kind::Answer),
            Kind::Receipt => Some(Kind::Dispatch),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    pub expires_on: NaiveDate,
    pub lines: Vec<OfferLine>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferLine {
    pub line: u32,
    /// The giver's category slug and name; the receiver maps it to one of its own.
    pub category: String,
    pub name: String,
    pub condition: Condition,
    pub quantity: i64,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Accept,
    Decline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub decision: Decision,
    pub lines: Vec<Counted>,
}

/// A quantity against one line of the offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counted {
    pub line: u32,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dispatch {
    pub dispatched_on: NaiveDate,
    pub lines: Vec<Counted>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Short,
    Damaged,
    WrongItem,
    Extra,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Short => "short",
            Reason::Damaged => "damaged",
            Reason::WrongItem => "wrong-item",
            Reason::Extra => "extra",
        }
    }
    pub fn parse(s: &str) -> Option<Reason> {
        [
            Reason::Short,
            Reason::Damaged,
            Reason::WrongItem,
            Reason::Extra,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// Whether this reason can explain a receipt line: fewer than shipped is short,
    /// damaged or a wrong item; more than shipped is extra; the same count needs no
    /// reason unless the goods came in another condition (damaged, or a wrong item).
    /// `None` fits only a line with no difference at all.
    pub fn fits(
        reason: Option<Reason>,
        shipped: i64,
        received: i64,
        condition_differs: bool,
    ) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match (received.cmp(&shipped), reason) {
            (Less, Some(Reason::Short | Reason::Damaged | Reason::WrongItem)) => true,
            (Greater, Some(Reason::Extra)) => true,
            (Equal, None) => !condition_differs,
            (Equal, Some(Reason::Damaged | Reason::WrongItem)) => condition_differs,
            _ => false,
        }
    }

    /// The reasons that fit a line, for a refusal to name them.
    pub fn fitting(shipped: i64, received: i64, condition_differs: bool) -> Vec<Reason> {
        [
            Reason::Short,
            Reason::Damaged,
            Reason::WrongItem,
            Reason::Extra,
        ]
        .into_iter()
        .filter(|r| Reason::fits(Some(*r), shipped, received, condition_differs))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub received_on: NaiveDate,
    pub lines: Vec<ReceiptLine>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptLine {
    pub line: u32,
    pub shipped: i64,
    pub received: i64,
    pub condition: Condition,
    pub reason: Option<Reason>,
}

/// A file's identity: the SHA-256 of its signed body, in hex.
pub fn hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// A new random handover id.
pub fn new_transfer_id() -> String {
    let bytes: [u8; 16] = rand::Rng::random(&mut rand::rng());
    hex::encode(bytes)
}

/// A file made here, ready to download.
#[derive(Debug, Clone)]
pub struct Sealed {
    pub text: String,
    pub sha: String,
}

/// The body in its one canonical form: serde's field order, no spaces.
fn canonical(body: &Body) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_default()
}

/// Signs `body` with the collective's key and writes the whole file.
pub fn seal(key: &CollectiveKey, body: &Body) -> Sealed {
    let bytes = canonical(body);
    let signature = key.sign(&bytes);
    let text = format!(
        "{MAGIC}\nkind: {}\nsigned-by: {}\nsignature: {}\n\n{}\n",
        body.content.kind().as_str(),
        key.public().text(),
        hex::encode(signature),
        String::from_utf8_lossy(&bytes),
    );
    Sealed {
        text,
        sha: hash(&bytes),
    }
}

/// A file whose signature holds: who signed it, what it says, and its hash.
#[derive(Debug, Clone)]
pub struct Opened {
    pub signer: PublicKey,
    pub body: Body,
    pub sha: String,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Not a Haul partner file, or one cut short.
    Malformed(String),
    Unsigned,
    /// The signature does not hold for these bytes: changed on the way, or forged.
    BadSignature,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::Malformed(why) => write!(f, "this is not a Haul partner file: {why}"),
            FileProblem::Unsigned => f.write_str("the file is not signed"),
            FileProblem::BadSignature => f.write_str(
                "the file's signature does not match its contents: it was changed after it was signed",
            ),
        }
    }
}

/// Reads a file: header, signature over the body's exact bytes, then the body, which must
/// be in canonical form (so one handover step has one hash).
pub fn open(text: &str) -> Result<Opened, FileProblem> {
    use FileProblem::*;
    if text.len() > MAX_FILE_BYTES {
        return Err(Malformed(format!("larger than {MAX_FILE_BYTES} bytes")));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (header, body) = text
        .split_once("\n\n")
        .ok_or_else(|| Malformed("no blank line after the header".into()))?;
    let body = body.strip_suffix('\n').unwrap_or(body);
    let mut lines = header.lines();
    if lines.next().map(str::trim_end) != Some(MAGIC) {
        return Err(Malformed(format!("the first line is not '{MAGIC}'")));
    }
    let mut fields = std::collections::BTreeMap::new();
    for line in lines {
        let (name, value) = line
            .split_once(": ")
            .ok_or_else(|| Malformed(format!("header line '{line}' is not 'name: value'")))?;
        if fields.insert(name, value.trim_end()).is_some() {
            return Err(Malformed(format!("header '{name}' appears twice")));
        }
    }
    let (Some(signer), Some(signature)) = (fields.get("signed-by"), fields.get("signature")) else {
        return Err(Unsigned);
    };
    let signer = PublicKey::parse(signer).map_err(|e| Malformed(format!("signed-by: {e}")))?;
    let signature = hex::decode(signature).map_err(|_| BadSignature)?;
    if !signer.verifies(body.as_bytes(), &signature) {
        return Err(BadSignature);
    }
    let parsed: Body = serde_json::from_str(body)
        .map_err(|e| Malformed(format!("the body does not read: {e}")))?;
    if canonical(&parsed) != body.as_bytes() {
        return Err(Malformed("the body is not in canonical form".into()));
    }
    if parsed.format != FORMAT {
        return Err(Malformed(format!(
            "format '{}' is not {FORMAT}",
            parsed.format
        )));
    }
    if fields.get("kind").copied() != Some(parsed.content.kind().as_str()) {
        return Err(Malformed("the header's kind is not the body's".into()));
    }
    if parsed.from != signer.fingerprint() {
        return Err(Malformed("the body names another signer".into()));
    }
    Ok(Opened {
        signer,
        sha: hash(body.as_bytes()),
        body: parsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_must_fit_the_counts() {
        use Reason::*;
        // 28 of 30: a shortfall is never "extra", and needs a reason.
        assert!(!Reason::fits(Some(Extra), 30, 28, false));
        assert!(!Reason::fits(None, 30, 28, false));
        for r in [Short, Damaged, WrongItem] {
            assert!(Reason::fits(Some(r), 30, 28, false), "{r:?}");
        }
        // More than sent is only "extra".
        assert!(Reason::fits(Some(Extra), 30, 31, false));
        assert!(!Reason::fits(Some(Short), 30, 31, false));
        // The same count: no reason, unless the condition changed.
        assert!(Reason::fits(None, 30, 30, false));
        assert!(!Reason::fits(Some(Short), 30, 30, false));
        assert!(!Reason::fits(Some(Extra), 30, 30, true));
        assert!(Reason::fits(Some(Damaged), 30, 30, true));
        assert!(!Reason::fits(None, 30, 30, true));
        assert_eq!(Reason::fitting(30, 28, false), [Short, Damaged, WrongItem]);
    }

    fn offer(key: &CollectiveKey, to: &PublicKey) -> Body {
        Body {
            format: FORMAT.into(),
            transfer: "0123456789abcdef0123456789abcdef".into(),
            from: key.public().fingerprint(),
            to: to.fingerprint(),
            answers: None,
            made_on: NaiveDate::from_ymd_opt(2026, 11, 29).expect("date"),
            content: Content::Offer(Offer {
                expires_on: NaiveDate::from_ymd_opt(2026, 12, 6).expect("date"),
                lines: vec![OfferLine {
                    line: 1,
                    category: "sleeping-bag".into(),
                    name: "Sleeping bag".into(),
                    condition: Condition::Good,
                    quantity: 50,
                    unit_volume_l: 8.0,
                    unit_weight_kg: 1.6,
                }],
                note: None,
            }),
        }
    }

    #[test]
    fn a_sealed_file_opens_to_what_was_signed() {
        let ours = CollectiveKey::from_seed(&[1; 32]);
        let theirs = CollectiveKey::from_seed(&[2; 32]).public();
        let body = offer(&ours, &theirs);
        let sealed = seal(&ours, &body);
        let opened = open(&sealed.text).expect("opens");
        assert_eq!(opened.body, body);
        assert_eq!(opened.signer, ours.public());
        assert_eq!(opened.sha, sealed.sha);
        assert_eq!(
            seal(&ours, &body).text,
            sealed.text,
            "the same file every time"
        );
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let ours = CollectiveKey::from_seed(&[1; 32]);
        let theirs = CollectiveKey::from_seed(&[2; 32]).public();
        let text = seal(&ours, &offer(&ours, &theirs)).text;
        let at = text.find("\"quantity\":50").expect("quantity") + 12;
        let mut bytes = text.clone().into_bytes();
        bytes[at] = b'9';
        let tampered = String::from_utf8(bytes).expect("utf8");
        assert_eq!(open(&tampered).unwrap_err(), FileProblem::BadSignature);
        for at in (0..text.len()).step_by(7) {
            let mut bytes = text.clone().into_bytes();
            bytes[at] ^= 0x01;
            if let Ok(changed) = String::from_utf8(bytes) {
                assert!(
                    open(&changed).is_err(),
                    "byte {at} changed and the file still opened"
                );
            }
        }
    }

    #[test]
    fn unsigned_and_foreign_files_are_refused() {
        let ours = CollectiveKey::from_seed(&[1; 32]);
        let theirs = CollectiveKey::from_seed(&[2; 32]);
        let text = seal(&ours, &offer(&ours, &theirs.public())).text;
        let unsigned: String = text
            .lines()
            .filter(|l| !l.starts_with("signature:"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(open(&unsigned).unwrap_err(), FileProblem::Unsigned);
        let resigned = text.replace(&ours.public().hex(), &theirs.public().hex());
        assert_eq!(open(&resigned).unwrap_err(), FileProblem::BadSignature);
        assert!(matches!(open("hello"), Err(FileProblem::Malformed(_))));
        assert!(matches!(open(""), Err(FileProblem::Malformed(_))));
    }
}
