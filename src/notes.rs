//! PLACEHOLDER until the note guard lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteProblem { TooLong { max: usize } }
impl NoteProblem { pub fn message(&self) -> String { "note too long".into() } }
pub const MAX_NOTE_CHARS: usize = 500;
pub fn check_note(note: &str) -> Result<(), NoteProblem> { if note.chars().count() > MAX_NOTE_CHARS { Err(NoteProblem::TooLong { max: MAX_NOTE_CHARS }) } else { Ok(()) } }
