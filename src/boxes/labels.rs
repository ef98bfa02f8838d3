//! Printable labels: a QR code (the `qrcode` crate, drawn as SVG on the server, no
//! network, no JavaScript) that opens `/b/CODE`, and the A4 sheet layouts labels come on.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// How labels sit on the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A4, 2 columns × 7 rows (99.1 × 38.1 mm labels).
    A4TwoBySeven,
    /// A4, 3 columns × 8 rows (63.5 × 33.9 mm labels).
    A4ThreeByEight,
    /// One label per page, for small label printers.
    Single,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::A4TwoBySeven, Layout::A4ThreeByEight, Layout::Single];

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::A4TwoBySeven => "2x7",
            Layout::A4ThreeByEight => "3x8",
            Layout::Single => "single",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Layout::A4TwoBySeven => "A4 sheet, 2 × 7 labels (99 × 38 mm)",
            Layout::A4ThreeByEight => "A4 sheet, 3 × 8 labels (63.5 × 34 mm)",
            Layout::Single => "one label per page (small label printer)",
        }
    }

    pub fn per_page(self) -> usize {
        match self {
            Layout::A4TwoBySeven => 14,
            Layout::A4ThreeByEight => 24,
            Layout::Single => 1,
        }
    }
}

/// The labels in pages of the layout, in order; the last page may be part-filled.
pub fn paginate<T>(labels: &[T], layout: Layout) -> Vec<&[T]> {
    labels.chunks(layout.per_page()).collect()
}

/// The QR code of `url` as an SVG element (one unit per module, with the quiet zone the
/// standard asks for): CSS gives it its printed size.
pub fn qr_svg(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of '{url}': {e}"))?;
    let svg = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    // Inline in HTML: the XML declaration has no place there.
    Ok(match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_fill_pages_in_order() {
        let codes: Vec<u32> = (0..30).collect();
        let pages = paginate(&codes, Layout::A4TwoBySeven);
        assert_eq!(
            pages.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [14, 14, 2]
        );
        assert_eq!(paginate(&codes, Layout::A4ThreeByEight).len(), 2);
        assert_eq!(paginate(&codes, Layout::Single).len(), 30);
        for l in Layout::ALL {
            assert_eq!(Layout::parse(l.as_str()), Some(l));
        }
    }

    #[test]
    fn qr_svg_is_an_inline_svg() {
        let svg = qr_svg("http://haul.example/b/K7M4QX").expect("svg");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<path"));
        assert!(!svg.contains("<?xml"));
    }
}
