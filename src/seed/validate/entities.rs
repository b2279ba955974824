//! Entity records: each on its own (id, kind-specific fields, category, ISO codes, aliases,
//! citations), then across entities (ids and names are unique).

use super::{Checker, Located};
use crate::model::{Entity, EntityIndex, EntityKind, Span, Text};
use crate::seed::records::RawEntity;
use crate::seed::report::{Location, Rule};
use crate::text::{is_slug, lookup_key, quote_form};

impl Checker {
    /// Checks one entity record and keeps it if it breaks no rule; its position is its
    /// [`EntityIndex`], so entities keep seed order.
    pub(super) fn add_entity(&mut self, record: Located<(EntityKind, RawEntity)>) {
        let Located { location, value } = record;
        let (kind, raw) = value;
        let Some(entity) = self.check_entity(kind, raw, &location) else {
            return;
        };
        let slug_of = |i: u32| self.strings.get(self.entities.kept[i as usize].slug);
        if let Some(first) = self
            .entities
            .by_slug
            .get(self.strings.get(entity.slug), slug_of)
        {
            let message = format!(
                "id `{}` is already used by the {} at {}",
                self.strings.get(entity.slug),
                self.entities.kept[first as usize].kind,
                self.site_text(self.entities.sites[first as usize])
            );
            self.report(Rule::DuplicateId, &location, message);
            return;
        }
        let names: Vec<Text> = std::iter::once(entity.name)
            .chain(self.aliases[entity.aliases.range()].iter().copied())
            .collect();
        let mut keys = Vec::with_capacity(names.len());
        let mut conflict = false;
        for name in names {
            let key = self.strings.intern(&lookup_key(self.strings.get(name)));
            let owner = self.entities.by_key.get(&key).copied().or_else(|| {
                let slug_of = |i: u32| self.strings.get(self.entities.kept[i as usize].slug);
                self.entities.by_slug.get(self.strings.get(key), slug_of)
            });
            if let Some(other) = owner {
                let message = format!(
                    "`{}` is already the name, alias or id of `{}` ({})",
                    self.strings.get(name),
                    self.strings.get(self.entities.kept[other as usize].slug),
                    self.site_text(self.entities.sites[other as usize])
                );
                self.report(Rule::AliasConflict, &location, message);
                conflict = true;
            }
            keys.push(key);
        }
        if conflict {
            return;
        }
        let index = self.entities.kept.len() as u32;
        for key in keys {
            self.entities.by_key.insert(key, index);
        }
        let (strings, kept) = (&self.strings, &self.entities.kept);
        let slug = strings.get(entity.slug);
        self.entities
            .by_slug
            .insert(slug, index, |i| strings.get(kept[i as usize].slug));
        let site = self.site(&location);
        self.entities.sites.push(site);
        self.entities.kept.push(entity);
    }

    /// The kept entity with this slug.
    pub(super) fn entity_index(&self, slug: &str) -> Option<EntityIndex> {
        let slug_of = |i: u32| self.strings.get(self.entities.kept[i as usize].slug);
        self.entities.by_slug.get(slug, slug_of).map(EntityIndex)
    }

    /// The slug of the kept entity that has this name or alias (ignoring case and
    /// diacritics), for a "did you mean" hint.
    pub(super) fn slug_named(&self, name: &str) -> Option<&str> {
        let key = self.strings.find(&lookup_key(name))?;
        let index = self.entities.by_key.get(&key)?;
        Some(self.strings.get(self.entities.kept[*index as usize].slug))
    }

    fn check_entity(
        &mut self,
        kind: EntityKind,
        raw: RawEntity,
        location: &Location,
    ) -> Option<Entity> {
        let mut ok = true;
        if !is_slug(&raw.id) {
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
        if let Some(category) = &raw.category {
            if !kind.categories().contains(&category.as_str()) {
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
        let date = self.date(location, "date", raw.date.as_deref());
        ok &= date.is_some() == raw.date.is_some();
        for alias in &raw.aliases {
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
        let citations = self.citations(location, &raw.citations);
        let (Some(citations), true) = (citations, ok) else {
            return None;
        };
        let aliases_start = self.aliases.len() as u32;
        for alias in &raw.aliases {
            let alias = self.strings.intern(alias);
            self.aliases.push(alias);
        }
        Some(Entity {
            slug: self.strings.intern(&raw.id),
            kind,
            name: self.strings.intern(&raw.name),
            aliases: Span {
                start: aliases_start,
                len: raw.aliases.len() as u32,
            },
            category: self.optional_text(raw.category),
            date,
            status: raw.status,
            format: raw.format,
            iso2: self.optional_text(raw.iso2),
            iso3: self.optional_text(raw.iso3),
            note: self.optional_text(raw.note),
            citations,
        })
    }

    fn check_iso(&mut self, raw: &RawEntity, location: &Location) -> bool {
        let (Some(iso2), Some(iso3)) = (&raw.iso2, &raw.iso3) else {
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
