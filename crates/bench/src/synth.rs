//! `bench synth`: writes a valid seed directory of any size, shaped like the dialogue's own
//! data, for scale tests and benchmarks.
//!
//! The shape: states (real ISO 3166-1 codes), organisations, places, working groups with
//! co-chairs that change every year, and many meetings, each of a group, held in a place and
//! attended by a handful of states and organisations. Each meeting's record in a generated
//! bulletin (a source text) is the one passage its entity and its statements cite, as a real
//! meeting summary is. Bulk records are CSV (`entities/*.csv`, `statements/*.csv`); a list of
//! attendees is one row. The output depends only on the options, `--seed` included.

use bpgraph_seed::{ISO_TABLE, MANIFEST};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, clap::Args)]
pub struct Shape {
    /// States, each with a real ISO 3166-1 code (at most the table's 249).
    #[arg(long, default_value_t = 50)]
    pub states: usize,
    /// Organisations.
    #[arg(long, default_value_t = 200)]
    pub organisations: usize,
    /// Places meetings are held in.
    #[arg(long, default_value_t = 100)]
    pub places: usize,
    /// Working groups, each with two co-chairs a year.
    #[arg(long, default_value_t = 10)]
    pub groups: usize,
    /// Meetings.
    #[arg(long, default_value_t = 1000)]
    pub meetings: usize,
    /// Attendees of each meeting, states and organisations (at least 1).
    #[arg(long, default_value_t = 8)]
    pub attendees: usize,
    /// Years the meetings and co-chairships span, ending in 2026.
    #[arg(long, default_value_t = 20)]
    pub years: usize,
    /// Meetings reported in one bulletin (one source text).
    #[arg(long, default_value_t = 50)]
    pub per_bulletin: usize,
    /// Rows per CSV file.
    #[arg(long, default_value_t = 100_000)]
    pub rows_per_file: usize,
    /// Seed of the random choices: the same options write the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// How much was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub entities: usize,
    /// Statements once list rows are expanded: the graph's edges.
    pub statements: usize,
    pub sources: usize,
}

const LAST_YEAR: usize = 2026;
const ENTITY_HEADER: &str = "kind,id,name,category,date,status,format,iso2,iso3,source,quote";
const STATEMENT_HEADER: &str = "id,subject,predicate,object,start,end,role,source,quote";

/// Writes a seed of `shape` into `out` (created; it must not hold a seed already).
pub fn write_seed(shape: &Shape, iso_table: &str, out: &Path) -> io::Result<Written> {
    for dir in ["sources", "reference", "entities", "statements"] {
        fs::create_dir_all(out.join(dir))?;
    }
    fs::write(out.join(ISO_TABLE), iso_table)?;
    let mut synth = Synth {
        shape: shape.clone(),
        rng: fastrand::Rng::with_seed(shape.seed),
        written: Written::default(),
        entities: Rows::new(out, "entities", ENTITY_HEADER, shape.rows_per_file),
        statements: Rows::new(out, "statements", STATEMENT_HEADER, shape.rows_per_file),
        manifest: BufWriter::new(File::create(out.join(MANIFEST))?),
        out: out.to_owned(),
    };
    let states = synth.states(iso_table)?;
    let organisations = synth.named("organisation", "org", shape.organisations)?;
    let places = synth.named("place", "place", shape.places)?;
    let groups = synth.named("group", "group", shape.groups)?;
    synth.co_chairs(&groups, &states)?;
    let attendees: Vec<&str> = states
        .iter()
        .chain(&organisations)
        .map(String::as_str)
        .collect();
    synth.meetings(&groups, &places, &attendees)?;
    synth.entities.finish()?;
    synth.statements.finish()?;
    synth.manifest.flush()?;
    Ok(synth.written)
}

struct Synth {
    shape: Shape,
    rng: fastrand::Rng,
    written: Written,
    entities: Rows,
    statements: Rows,
    manifest: BufWriter<File>,
    out: std::path::PathBuf,
}

impl Synth {
    /// Adds a source text to the seed and its manifest; returns its id.
    fn source(&mut self, id: &str, title: &str, text: &str) -> io::Result<String> {
        let file = format!("{id}.txt");
        fs::write(self.out.join("sources").join(&file), text)?;
        writeln!(
            self.manifest,
            "[[source]]\nid = \"{id}\"\ntitle = \"{title}\"\nkind = \"bulletin\"\ndate = \"{LAST_YEAR}\"\nfile = \"{file}\"\n"
        )?;
        self.written.sources += 1;
        Ok(id.to_owned())
    }

    /// An entity row citing `quote` of `source`.
    fn entity(&mut self, cells: [&str; 9], source: &str, quote: &str) -> io::Result<()> {
        self.written.entities += 1;
        self.entities.row(&cited_row(&cells, source, quote))
    }

    /// A statement row; `subjects` and `objects` may list several slugs.
    fn statement(
        &mut self,
        cells: [&str; 7],
        edges: usize,
        source: &str,
        quote: &str,
    ) -> io::Result<()> {
        self.written.statements += edges;
        self.statements.row(&cited_row(&cells, source, quote))
    }

    fn states(&mut self, iso_table: &str) -> io::Result<Vec<String>> {
        let codes: Vec<(&str, &str, &str)> = iso_table
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut cells = line.split('\t');
                Some((cells.next()?, cells.next()?, cells.next()?))
            })
            .take(self.shape.states)
            .collect();
        let mut text = String::from("Register of participating states.\n");
        for (_, alpha3, name) in &codes {
            writeln!(text, "{name} ({alpha3}) takes part in the dialogue.").expect("String");
        }
        let source = self.source("register-states", "Register of participating states", &text)?;
        let mut slugs = Vec::new();
        for (alpha2, alpha3, name) in codes {
            let slug = format!("state-{}", alpha3.to_lowercase());
            let quote = format!("{name} ({alpha3}) takes part in the dialogue.");
            let name = csv_cell(name);
            let cells = ["state", &slug, &name, "", "", "", "", alpha2, alpha3];
            self.entity(cells, &source, &quote)?;
            slugs.push(slug);
        }
        Ok(slugs)
    }

    /// `count` entities of `kind` named "Kind N", listed in one register.
    fn named(&mut self, kind: &str, prefix: &str, count: usize) -> io::Result<Vec<String>> {
        let label = capitalised(kind);
        let mut text = format!("Register of each {kind}.\n");
        for i in 1..=count {
            writeln!(text, "{label} {i} is registered under number {prefix}-{i}.").expect("String");
        }
        let source = self.source(
            &format!("register-{kind}s"),
            &format!("Register of {kind}s"),
            &text,
        )?;
        let category = match kind {
            "organisation" => "international_organisation",
            "group" => "thematic_working_group",
            _ => "",
        };
        let mut slugs = Vec::with_capacity(count);
        for i in 1..=count {
            let slug = format!("{prefix}-{i}");
            let name = format!("{label} {i}");
            let quote = format!("{label} {i} is registered under number {slug}.");
            self.entity(
                [kind, &slug, &name, category, "", "", "", "", ""],
                &source,
                &quote,
            )?;
            slugs.push(slug);
        }
        Ok(slugs)
    }

    /// Two co-chairs of each group for each year, one list row per group and year.
    fn co_chairs(&mut self, groups: &[String], states: &[String]) -> io::Result<()> {
        if states.is_empty() {
            return Ok(());
        }
        let mut text = String::from("Chronicle of the co-chairs of each working group.\n");
        let mut rows = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            for year in self.first_year()..=LAST_YEAR {
                let first = &states[self.rng.usize(..states.len())];
                let second = &states[self.rng.usize(..states.len())];
                let chairs = if first == second {
                    vec![first.clone()]
                } else {
                    vec![first.clone(), second.clone()]
                };
                let quote = format!(
                    "In {year} {} was co-chaired by {}.",
                    capitalised(group),
                    chairs.join(" and ")
                );
                writeln!(text, "{quote}").expect("String");
                rows.push((
                    format!("co-chairs-{}-{year}", g + 1),
                    chairs,
                    group.clone(),
                    year,
                    quote,
                ));
            }
        }
        let source = self.source("chronicle-co-chairs", "Chronicle of the co-chairs", &text)?;
        for (id, chairs, group, year, quote) in rows {
            let (start, end) = (year.to_string(), year.to_string());
            let subjects = chairs.join(";");
            let cells = [
                &id,
                &subjects,
                "co_chairs",
                &group,
                &start,
                &end,
                "co-chair",
            ];
            self.statement(cells, chairs.len(), &source, &quote)?;
        }
        Ok(())
    }

    fn first_year(&self) -> usize {
        LAST_YEAR + 1 - self.shape.years.max(1)
    }

    /// The meetings, a bulletin of `per_bulletin` at a time: each meeting is an entity and
    /// three statement rows (attended by a list, held in a place, of a group), all citing the
    /// meeting's one sentence of its bulletin.
    fn meetings(
        &mut self,
        groups: &[String],
        places: &[String],
        attendees: &[&str],
    ) -> io::Result<()> {
        let per_bulletin = self.shape.per_bulletin.max(1);
        let count = self.shape.meetings;
        for bulletin in 0..count.div_ceil(per_bulletin) {
            let first = bulletin * per_bulletin;
            let meetings: Vec<Meeting> = (first..count.min(first + per_bulletin))
                .map(|i| self.meeting(i + 1, groups, places, attendees))
                .collect();
            let text: String = meetings
                .iter()
                .map(|m| format!("{}\n", m.sentence))
                .collect();
            let id = format!("bulletin-{}", bulletin + 1);
            let source = self.source(&id, &format!("Bulletin {}", bulletin + 1), &text)?;
            for m in meetings {
                self.write_meeting(&m, &source)?;
            }
        }
        Ok(())
    }

    fn meeting(
        &mut self,
        number: usize,
        groups: &[String],
        places: &[String],
        attendees: &[&str],
    ) -> Meeting {
        let year = self.rng.usize(self.first_year()..=LAST_YEAR);
        let date = format!(
            "{year}-{:02}-{:02}",
            self.rng.u8(1..=12),
            self.rng.u8(1..=28)
        );
        let group = pick(&mut self.rng, groups);
        let place = pick(&mut self.rng, places);
        let mut chosen: Vec<String> = Vec::new();
        if !attendees.is_empty() {
            while chosen.len() < self.shape.attendees.min(attendees.len()) {
                let attendee = attendees[self.rng.usize(..attendees.len())].to_owned();
                if !chosen.contains(&attendee) {
                    chosen.push(attendee);
                }
            }
        }
        let format = ["in_person", "online", "hybrid"][self.rng.usize(..3)];
        let status = if year < LAST_YEAR { "held" } else { "planned" };
        let slug = format!("meeting-{number}");
        let sentence = format!(
            "Meeting {number} of {} on {date}, {status} {} in {}.",
            group.as_deref().unwrap_or("the dialogue"),
            format.replace('_', " "),
            place.as_deref().unwrap_or("an undisclosed place"),
        );
        Meeting {
            slug,
            number,
            date,
            status,
            format,
            group,
            place,
            attendees: chosen,
            sentence,
        }
    }

    fn write_meeting(&mut self, m: &Meeting, source: &str) -> io::Result<()> {
        let name = format!("Meeting {}", m.number);
        let cells = [
            "meeting",
            &m.slug,
            &name,
            "working_group_meeting",
            &m.date,
            m.status,
            m.format,
            "",
            "",
        ];
        self.entity(cells, source, &m.sentence)?;
        if !m.attendees.is_empty() {
            let id = format!("{}-attendance", m.slug);
            let subjects = m.attendees.join(";");
            let cells = [&id, &subjects, "attended", &m.slug, "", "", ""];
            self.statement(cells, m.attendees.len(), source, &m.sentence)?;
        }
        let ends = [
            ("place", "held_in", &m.place),
            ("group", "meeting_of", &m.group),
        ];
        for (suffix, predicate, object) in ends {
            if let Some(object) = object {
                let id = format!("{}-{suffix}", m.slug);
                let cells = [&id, &m.slug, predicate, object, "", "", ""];
                self.statement(cells, 1, source, &m.sentence)?;
            }
        }
        Ok(())
    }
}

struct Meeting {
    slug: String,
    number: usize,
    date: String,
    status: &'static str,
    format: &'static str,
    group: Option<String>,
    place: Option<String>,
    attendees: Vec<String>,
    sentence: String,
}

fn pick(rng: &mut fastrand::Rng, items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items[rng.usize(..items.len())].clone())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A CSV row of `cells`, then the citation's `source` and `quote`.
fn cited_row(cells: &[&str], source: &str, quote: &str) -> String {
    let mut row = cells.join(",");
    write!(row, ",{source},{}", csv_cell(quote)).expect("writing to a String");
    row
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// CSV rows split over numbered files of at most `per_file` rows.
struct Rows {
    dir: std::path::PathBuf,
    header: &'static str,
    per_file: usize,
    in_file: usize,
    files: usize,
    writer: Option<BufWriter<File>>,
}

impl Rows {
    fn new(out: &Path, dir: &str, header: &'static str, per_file: usize) -> Rows {
        Rows {
            dir: out.join(dir),
            header,
            per_file: per_file.max(1),
            in_file: 0,
            files: 0,
            writer: None,
        }
    }

    fn row(&mut self, row: &str) -> io::Result<()> {
        if self.writer.is_none() || self.in_file == self.per_file {
            self.finish()?;
            self.files += 1;
            let path = self.dir.join(format!("synth-{:05}.csv", self.files));
            let mut writer = BufWriter::new(File::create(path)?);
            writeln!(writer, "{}", self.header)?;
            self.writer = Some(writer);
            self.in_file = 0;
        }
        self.in_file += 1;
        let writer = self.writer.as_mut().expect("opened above");
        writeln!(writer, "{row}")
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.writer.take() {
            Some(mut writer) => writer.flush(),
            None => Ok(()),
        }
    }
}
