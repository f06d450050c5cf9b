//! Reading WordPress and user dates, and writing them for people and JSON.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses a WordPress date (`2025-11-19T20:55:18`, taken as UTC) or an RFC 3339
/// timestamp. WordPress's `0000-00-00T00:00:00` and anything unreadable give `None`.
pub fn parse_wp_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(dt.to_offset(UtcOffset::UTC));
    }
    let local = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let spaced = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let head = text.get(..19).unwrap_or(text);
    PrimitiveDateTime::parse(head, local)
        .or_else(|_| PrimitiveDateTime::parse(head, spaced))
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Which end of a day a bare `YYYY-MM-DD` stands for in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    /// 00:00:00 UTC, for `--since`.
    Start,
    /// 23:59:59.999999999 UTC, for `--until` (inclusive).
    End,
}

/// Parses a user-given date: `YYYY-MM-DD` (a whole UTC day) or RFC 3339.
pub fn parse_user_date(text: &str, edge: DayEdge) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(dt.to_offset(UtcOffset::UTC));
    }
    let day_format = format_description!("[year]-[month]-[day]");
    let day = Date::parse(text, day_format).map_err(|_| {
        format!("invalid date '{text}': expected YYYY-MM-DD or an RFC 3339 timestamp")
    })?;
    let time = match edge {
        DayEdge::Start => Time::MIDNIGHT,
        DayEdge::End => Time::from_hms_nano(23, 59, 59, 999_999_999).unwrap_or(Time::MIDNIGHT),
    };
    Ok(PrimitiveDateTime::new(day, time).assume_utc())
}

/// `YYYY-MM-DD` for people.
pub fn format_day(dt: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]");
    dt.format(format).unwrap_or_default()
}

/// RFC 3339 in UTC (`2025-11-19T20:55:18Z`) for JSON.
pub fn format_rfc3339(dt: OffsetDateTime) -> String {
    dt.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_dates_are_utc() {
        let dt = parse_wp_datetime("2025-11-19T20:55:18").unwrap();
        assert_eq!(format_rfc3339(dt), "2025-11-19T20:55:18Z");
        let dt = parse_wp_datetime("2025-11-19T12:55:18-08:00").unwrap();
        assert_eq!(format_rfc3339(dt), "2025-11-19T20:55:18Z");
        assert_eq!(parse_wp_datetime("0000-00-00T00:00:00"), None);
        assert_eq!(parse_wp_datetime("yesterday"), None);
    }

    #[test]
    fn user_dates_cover_whole_days() {
        let since = parse_user_date("2025-11-19", DayEdge::Start).unwrap();
        let until = parse_user_date("2025-11-19", DayEdge::End).unwrap();
        assert_eq!(format_rfc3339(since), "2025-11-19T00:00:00Z");
        assert_eq!(format_rfc3339(until), "2025-11-19T23:59:59.999999999Z");
        assert_eq!(
            parse_user_date("19/11/2025", DayEdge::Start).unwrap_err(),
            "invalid date '19/11/2025': expected YYYY-MM-DD or an RFC 3339 timestamp"
        );
    }
}
