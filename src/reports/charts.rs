//! Bar charts as inline SVG, written by hand: a bar chart is a few `rect`s and `text`s,
//! so a chart crate (or a JavaScript one, which the CSP and the no-JavaScript rule
//! forbid anyway) would add weight for nothing. The SVG is part of the page: it works
//! offline, prints, and reads to a screen reader through its title and labels.

use maud::{html, Markup};

const WIDTH: f64 = 360.0;
const LABEL_W: f64 = 120.0;
const VALUE_W: f64 = 76.0;
const ROW_H: f64 = 26.0;
const MAX_LABEL_CHARS: usize = 18;

/// What the numbers count, for the value labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Items,
    Kg,
}

pub fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Items => crate::i18n::format::number_in(crate::i18n::Lang::current(), value, 0),
        Unit::Kg => {
            let decimals = if value >= 100.0 { 0 } else { 1 };
            let lang = crate::i18n::Lang::current();
            crate::t!(
                "layout-kg",
                kg = crate::i18n::format::number_in(lang, value, decimals)
            )
        }
    }
}

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// A horizontal bar chart: one labelled bar per `(label, value)`, in the given order.
/// Horizontal so that labels stay readable at 360 px.
pub fn bar_chart(id: &str, title: &str, unit: Unit, bars: &[(String, f64)]) -> Markup {
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max);
    let height = ROW_H * bars.len() as f64 + 8.0;
    let title_id = format!("{id}-title");
    let rtl = crate::i18n::Lang::current().dir() == "rtl";
    html! {
        figure.chart id=(id) {
            figcaption { (title) }
            @if bars.is_empty() {
                p.muted { (crate::t!("reports-chart-empty")) }
            } @else {
                svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (WIDTH) " " (height)} role="img" aria-labelledby=(title_id) direction=(if rtl { "rtl" } else { "ltr" }) {
                    title id=(title_id) { (title) }
                    @for (i, (label, value)) in bars.iter().enumerate() {
                        @let y = 4.0 + i as f64 * ROW_H;
                        @let w = if max > 0.0 { ((WIDTH - LABEL_W - VALUE_W) * value / max).max(1.0) } else { 1.0 };
                        // Right to left, labels sit at the right edge and bars grow leftwards.
                        @let (label_x, bar_x, value_x) = if rtl {
                            (WIDTH - 6.0, WIDTH - LABEL_W - w, WIDTH - LABEL_W - w - 4.0)
                        } else {
                            (LABEL_W - 6.0, LABEL_W, LABEL_W + w + 4.0)
                        };
                        // In an `rtl` SVG, `start` is the right-hand end of a text.
                        @let (label_anchor, value_anchor) = if rtl { ("start", "start") } else { ("end", "start") };
                        g {
                            title { (label) ": " (format_value(*value, unit)) }
                            text.label x=(format!("{label_x:.1}")) y=(y + 16.0) text-anchor=(label_anchor) { (short(label)) }
                            rect.bar x=(format!("{bar_x:.1}")) y=(y + 3.0) width=(format!("{w:.1}")) height=(ROW_H - 8.0) {}
                            text.value x=(format!("{value_x:.1}")) y=(y + 16.0) text-anchor=(value_anchor) { (format_value(*value, unit)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_value_scaled_to_the_largest() {
        let svg = bar_chart(
            "c",
            "Items",
            Unit::Items,
            &[("a".into(), 10.0), ("b <x>".into(), 5.0)],
        )
        .into_string();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(r#"width="164.0""#), "{svg}");
        assert!(svg.contains(r#"width="82.0""#), "{svg}");
        assert!(svg.contains("b &lt;x&gt;"), "labels are escaped: {svg}");
        assert!(!svg.contains("<script"));
        assert!(bar_chart("e", "Empty", Unit::Kg, &[])
            .into_string()
            .contains("Nothing in this period"));
    }

    #[test]
    fn values_read_well() {
        // English groups thousands (issue 13: numbers formatted for the language).
        assert_eq!(format_value(1234.567, Unit::Kg), "1,235 kg");
        assert_eq!(format_value(12.34, Unit::Kg), "12.3 kg");
        assert_eq!(format_value(7.0, Unit::Items), "7");
        assert_eq!(
            short("a-very-long-festival-name-2026"),
            "a-very-long-festi…"
        );
    }
}
