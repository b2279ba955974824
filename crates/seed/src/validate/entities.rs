//! Entity records: each on its own (id, kind-specific fields, category, ISO codes, aliases,
//! citations), then across entities (ids and names are unique).

use super::{Checker, CitationFields, List, Place};
use crate::records::RawEntity;
use crate::report::Rule;
use bpgraph_model::text::{is_slug, lookup_key, quote_form};
use bpgraph_model::{
    entity_has_name_key, Derivation, Entity, EntityIndex, EntityKind, Format, Span, Status, Text,
};

/// An entity record's fields, borrowed from a TOML record or a CSV row.
pub(super) struct EntityFields<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: List<'a>,
    pub conventional_aliases: List<'a>,
    pub category: Option<&'a str>,
    pub date: Option<&'a str>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    pub iso2: Option<&'a str>,
    pub iso3: Option<&'a str>,
    pub note: Option<&'a str>,
    pub date_derivation: Option<Derivation>,
    pub citations: &'a [CitationFields<'a>],
}

impl<'a> EntityFields<'a> {
    /// The fields of a TOML record; its citations are given, borrowed from it.
    pub(super) fn of(raw: &'a RawEntity, citations: &'a [CitationFields<'a>]) -> Self {
        EntityFields {
            id: &raw.id,
            name: &raw.name,
            aliases: List::Items(&raw.aliases),
            conventional_aliases: List::Items(&raw.conventional_aliases),
            category: raw.category.as_deref(),
            date: raw.date.as_deref(),
            status: raw.status,
            format: raw.format,
            iso2: raw.iso2.as_deref(),
            iso3: raw.iso3.as_deref(),
            note: raw.note.as_deref(),
            date_derivation: raw.date_derivation,
            citations,
        }
    }
}

impl Checker {
    /// Checks one entity record and keeps it if it breaks no rule; its position is its
    /// [`EntityIndex`], so entities keep seed order.
    pub(super) fn add_entity(&mut self, location: &Place, kind: EntityKind, raw: EntityFields) {
        let Some(entity) = self.check_entity(kind, raw, location) else {
            return;
        };
        if let Some(first) = self.entity_index(self.strings.get(entity.slug)) {
            let first = first.0 as usize;
            let message = format!(
                "id `{}` is already used by the {} at {}",
                self.strings.get(entity.slug),
                self.entities.kept[first].kind,
                self.site_text(self.entities.sites[first])
            );
            self.report(Rule::DuplicateId, location, message);
            return;
        }
        let names = std::iter::once(entity.name)
            .chain(self.aliases[entity.aliases.range()].iter().copied());
        let keys: Vec<(Text, String)> = names
            .map(|name| (name, lookup_key(self.strings.get(name))))
            .collect();
        let mut conflict = false;
        for (name, key) in &keys {
            let owner = self.entity_named(key).or_else(|| self.entity_index(key));
            if let Some(other) = owner {
                let other = other.0 as usize;
                let message = format!(
                    "`{}` is already the name, alias or id of `{}` ({})",
                    self.strings.get(*name),
                    self.strings.get(self.entities.kept[other].slug),
                    self.site_text(self.entities.sites[other])
                );
                self.report(Rule::AliasConflict, location, message);
                conflict = true;
            }
        }
        if conflict {
            return;
        }
        let index = self.entities.kept.len() as u32;
        // A name and an alias of one entity may share a key: it is stored once.
        for (i, (_, key)) in keys.iter().enumerate() {
            if !keys[..i].iter().any(|(_, earlier)| earlier == key) {
                self.entities.by_name.insert(key, index);
            }
        }
        self.entities
            .by_slug
            .insert(self.strings.get(entity.slug), index);
        let site = self.site(location);
        self.entities.sites.push(site);
        self.entities.slugs.push(entity.slug);
        self.entities.kept.push(entity);
    }

    /// The kept entity with this slug.
    pub(super) fn entity_index(&self, slug: &str) -> Option<EntityIndex> {
        let (strings, slugs) = (&self.strings, &self.entities.slugs);
        let is_key = |i: u32| strings.get(slugs[i as usize]) == slug;
        self.entities.by_slug.get(slug, is_key).map(EntityIndex)
    }

    /// The kept entity one of whose names or aliases has the lookup `key`.
    fn entity_named(&self, key: &str) -> Option<EntityIndex> {
        let (strings, kept) = (&self.strings, &self.entities.kept);
        let is_key = |i: u32| entity_has_name_key(strings, &self.aliases, &kept[i as usize], key);
        self.entities.by_name.get(key, is_key).map(EntityIndex)
    }

    /// The slug of the kept entity that has this name or alias (ignoring case and
    /// diacritics), for a "did you mean" hint.
    pub(super) fn slug_named(&self, name: &str) -> Option<&str> {
        let index = self.entity_named(&lookup_key(name))?;
        Some(self.strings.get(self.entities.kept[index.0 as usize].slug))
    }

    fn check_entity(
        &mut self,
        kind: EntityKind,
        raw: EntityFields,
        location: &Place,
    ) -> Option<Entity> {
        let mut ok = true;
        if !is_slug(raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!(
                    "`{}` is not a slug (lowercase ascii letters, digits, single hyphens)",
                    raw.id
                ),
            );
            ok = false;
        }
        let dated = matches!(
            kind,
            EntityKind::Meeting | EntityKind::Document | EntityKind::Milestone
        );
        let misplaced = [
            (
                "iso2",
                raw.iso2.is_some() && kind != EntityKind::State,
                "states",
            ),
            (
                "iso3",
                raw.iso3.is_some() && kind != EntityKind::State,
                "states",
            ),
            (
                "status",
                raw.status.is_some() && kind != EntityKind::Meeting,
                "meetings",
            ),
            (
                "format",
                raw.format.is_some() && kind != EntityKind::Meeting,
                "meetings",
            ),
            (
                "date",
                raw.date.is_some() && !dated,
                "meetings, documents and milestones",
            ),
        ];
        for (field, present, applies_to) in misplaced {
            if present {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    format!("field `{field}` applies only to {applies_to}, not to a {kind}"),
                );
                ok = false;
            }
        }
        if let Some(category) = raw.category {
            if !kind.categories().contains(&category) {
                let message = if kind.categories().is_empty() {
                    format!("a {kind} has no category, got `{category}`")
                } else {
                    format!(
                        "`{category}` is not a {kind} category; expected one of {}",
                        kind.categories().join(", ")
                    )
                };
                self.report(Rule::InvalidCategory, location, message);
                ok = false;
            }
        }
        if kind == EntityKind::Milestone && raw.date.is_none() {
            self.report(Rule::MissingField, location, "a milestone needs a `date`");
            ok = false;
        }
        if kind == EntityKind::State {
            ok &= self.check_iso(&raw, location);
        }
        let date = self.date(location, "date", raw.date);
        ok &= date.is_some() == raw.date.is_some();
        let date_derivation = match (raw.date, raw.date_derivation) {
            (None, Some(_)) => {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    "`date_derivation` says how `date` was read; this record has no `date`",
                );
                ok = false;
                None
            }
            (None, None) => None,
            // An entity's date is read as its citations give it unless marked otherwise.
            (Some(_), written) => Some(written.unwrap_or_default()),
        };
        if let (Some(reading @ (Derivation::Inferred | Derivation::Reconstructed)), None) =
            (date_derivation, raw.note)
        {
            self.report(
                Rule::MissingField,
                location,
                format!(
                    "a {kind} whose date is read as `{}` needs a `note` saying how it was read",
                    reading.as_str()
                ),
            );
            ok = false;
        }
        for alias in raw.aliases.iter() {
            let form = quote_form(alias);
            let finder = memchr::memmem::Finder::new(form.as_bytes());
            if !self
                .source_forms
                .iter()
                .any(|text| finder.find(text.as_bytes()).is_some())
            {
                self.report(
                    Rule::AliasNotInSources,
                    location,
                    format!("alias `{alias}` is not spelled that way in any source"),
                );
                ok = false;
            }
        }
        let citations = self.citations(location, raw.citations);
        let (Some(citations), true) = (citations, ok) else {
            return None;
        };
        let aliases_start = self.aliases.len() as u32;
        for alias in raw.aliases.iter().chain(raw.conventional_aliases.iter()) {
            let alias = self.strings.intern(alias);
            self.aliases.push(alias);
        }
        Some(Entity {
            slug: self.strings.intern(raw.id),
            kind,
            name: self.strings.intern(raw.name),
            aliases: Span {
                start: aliases_start,
                len: (raw.aliases.len() + raw.conventional_aliases.len()) as u32,
            },
            conventional: raw.conventional_aliases.len() as u32,
            category: self.optional_text(raw.category),
            date,
            date_derivation,
            status: raw.status,
            format: raw.format,
            iso2: self.optional_text(raw.iso2),
            iso3: self.optional_text(raw.iso3),
            note: self.optional_text(raw.note),
            citations,
        })
    }

    fn check_iso(&mut self, raw: &EntityFields, location: &Place) -> bool {
        let (Some(iso2), Some(iso3)) = (raw.iso2, raw.iso3) else {
            self.report(
                Rule::MissingField,
                location,
                "a state needs both `iso2` and `iso3` (ISO 3166-1 alpha-2 and alpha-3)",
            );
            return false;
        };
        match self.iso.get(iso2) {
            Some(expected) if expected == iso3 => true,
            Some(expected) => {
                self.report(
                    Rule::InvalidIsoCode,
                    location,
                    format!("ISO 3166-1 `{iso2}` is `{expected}` in alpha-3, not `{iso3}`"),
                );
                false
            }
            None => {
                self.report(
                    Rule::InvalidIsoCode,
                    location,
                    format!("`{iso2}` is not an ISO 3166-1 alpha-2 code"),
                );
                false
            }
        }
    }
}
