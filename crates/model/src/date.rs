//! Partial ISO 8601 dates (`2026`, `2026-03`, `2026-03-04`) and ranges of them
//! (`2025-11-26/2025-11-27`): sources state dates only as precisely as they know them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A calendar date known to year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A date or a closed range of dates, as written in the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateSpec {
    pub from: PartialDate,
    /// Equal to `from` for a single date.
    pub to: PartialDate,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a partial ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD or a range A/B): {reason}"
)]
pub struct DateError {
    pub input: String,
    pub reason: &'static str,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A day as a comparable `(year, month, day)` triple.
pub type Day = (i32, u8, u8);

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// The first day the date may denote.
    pub fn first_day(self) -> Day {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date may denote.
    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }
}

impl DateSpec {
    pub fn single(date: PartialDate) -> Self {
        DateSpec {
            from: date,
            to: date,
        }
    }

    pub fn is_range(&self) -> bool {
        self.from != self.to
    }

    pub fn first_day(&self) -> Day {
        self.from.first_day()
    }

    pub fn last_day(&self) -> Day {
        self.to.last_day()
    }

    /// Whether the two dates may share a day.
    pub fn overlaps(&self, other: &DateSpec) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }

    /// Chronological order by first day, then last day.
    pub fn chronological(&self, other: &DateSpec) -> Ordering {
        (self.first_day(), self.last_day()).cmp(&(other.first_day(), other.last_day()))
    }

    /// Order of optional dates: dated before undated, then oldest first (or newest first).
    pub fn dated_first(a: Option<&DateSpec>, b: Option<&DateSpec>, newest_first: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if newest_first => y.chronological(x),
            (Some(x), Some(y)) => x.chronological(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(part: &str, len: usize) -> Option<u32> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let fail = |reason| DateError {
            input: input.to_owned(),
            reason,
        };
        let mut parts = input.split('-');
        let year = parts
            .next()
            .and_then(|p| digits(p, 4))
            .ok_or_else(|| fail("the year must have four digits"))? as i32;
        let month = match parts.next() {
            None => None,
            Some(p) => match digits(p, 2) {
                Some(m @ 1..=12) => Some(m as u8),
                _ => return Err(fail("the month must be 01 to 12")),
            },
        };
        let day = match parts.next() {
            None => None,
            Some(p) => match (digits(p, 2), month) {
                (Some(d), Some(m)) if d >= 1 && d <= u32::from(days_in_month(year, m)) => {
                    Some(d as u8)
                }
                _ => return Err(fail("the day does not exist in that month")),
            },
        };
        if parts.next().is_some() {
            return Err(fail("too many parts"));
        }
        Ok(PartialDate { year, month, day })
    }
}

impl FromStr for DateSpec {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let spec = match input.split_once('/') {
            None => DateSpec::single(input.parse()?),
            Some((from, to)) => DateSpec {
                from: from.parse().map_err(|e: DateError| DateError {
                    input: input.to_owned(),
                    reason: e.reason,
                })?,
                to: to.parse().map_err(|e: DateError| DateError {
                    input: input.to_owned(),
                    reason: e.reason,
                })?,
            },
        };
        if spec.to.last_day() < spec.from.first_day() {
            return Err(DateError {
                input: input.to_owned(),
                reason: "the range ends before it starts",
            });
        }
        Ok(spec)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Dates are written for every answer that shows one: a four-digit year (all of them)
        // is written from a stack buffer in one call rather than by three `write!`s.
        if let Ok(year @ 0..=9999) = u16::try_from(self.year) {
            let mut text = [0u8; 10];
            let mut len = put_digits(&mut text, 0, year, 4);
            for part in [self.month, self.day].into_iter().flatten() {
                text[len] = b'-';
                len = put_digits(&mut text, len + 1, part.into(), 2);
            }
            return f.write_str(std::str::from_utf8(&text[..len]).expect("ASCII digits"));
        }
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Writes `value` as `width` decimal digits at `text[at..]`; returns the end.
fn put_digits(text: &mut [u8], at: usize, mut value: u16, width: usize) -> usize {
    for i in (at..at + width).rev() {
        text[i] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    at + width
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.from.fmt(f)?;
        if self.is_range() {
            f.write_str("/")?;
            self.to.fmt(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<(Day, Day), &str>) {
        let actual = input
            .parse::<DateSpec>()
            .map(|d| (d.first_day(), d.last_day()))
            .map_err(|e| e.reason);
        assert_eq!(actual, expected, "parsing {input:?}");
    }

    #[test]
    fn parses_partial_dates_and_ranges() {
        check("2026", Ok(((2026, 1, 1), (2026, 12, 31))));
        check("2024-02", Ok(((2024, 2, 1), (2024, 2, 29))));
        check("2026-03-04", Ok(((2026, 3, 4), (2026, 3, 4))));
        check(
            "2025-11-26/2025-11-27",
            Ok(((2025, 11, 26), (2025, 11, 27))),
        );
        check("2017-02/2017-03", Ok(((2017, 2, 1), (2017, 3, 31))));
    }

    #[test]
    fn rejects_malformed_dates() {
        check("26", Err("the year must have four digits"));
        check("2026-13", Err("the month must be 01 to 12"));
        check("2025-02-29", Err("the day does not exist in that month"));
        check("2026-1-4", Err("the month must be 01 to 12"));
        check("2026-03-04-01", Err("too many parts"));
        check(
            "2025-11-27/2025-11-26",
            Err("the range ends before it starts"),
        );
        check("November 2025", Err("the year must have four digits"));
    }

    #[test]
    fn displays_as_written() {
        for input in [
            "2026",
            "2026-03",
            "2026-03-04",
            "2025-11-26/2025-11-27",
            "0999-01-02",
            "2026/2027-01",
        ] {
            assert_eq!(input.parse::<DateSpec>().unwrap().to_string(), input);
        }
    }
}
