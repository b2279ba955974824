//! One GraphQL object type per entity kind, each with its own fields beside the shared ones.

use super::*;

entity_object! {
    /// A state taking part in, observing or named by the dialogue.
    State {
        fields {
            /// ISO 3166-1 alpha-2 code.
            async fn iso2(&self) -> Option<&'g str> {
                self.0.iso2()
            }
            /// ISO 3166-1 alpha-3 code.
            async fn iso3(&self) -> Option<&'g str> {
                self.0.iso3()
            }
        }
        lists {
            /// The dialogues and groups it chairs or chaired, with dates and citations.
            chairships(as_of: Option<DateInput>) -> Statement = |e| relation(e, &[P::Chairs], graph::Direction::Outgoing, as_of);
            /// The dialogues and groups it co-chairs or co-chaired, with dates and citations.
            co_chairships(as_of: Option<DateInput>) -> Statement = |e| relation(e, &[P::CoChairs], graph::Direction::Outgoing, as_of);
            /// The meetings it attended.
            attended() -> Meeting = |e| only_meetings(e.objects(P::Attended));
            /// The meetings (and projects) it hosted.
            hosted() -> Entity = |e| e.objects(P::Hosted);
            /// What it funds or co-funds, with the citations.
            funding() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Outgoing, None);
            /// The regions it belongs to.
            regions() -> Entity = |e| e.objects(P::InRegion);
        }
    }
}

entity_object! {
    /// An international organisation, EU institution or agency, office, NGO or consultancy.
    Organisation {
        lists {
            /// The meetings it attended.
            attended() -> Meeting = |e| only_meetings(e.objects(P::Attended));
            /// The dialogues or groups it is the secretariat of.
            secretariat_of() -> Entity = |e| e.objects(P::SecretariatOf);
            /// The projects it implements.
            implements() -> Entity = |e| e.objects(P::Implements);
            /// What it funds or co-funds, with the citations.
            funding() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Outgoing, None);
            /// The organisations it is part or a member of, and its own parts and members.
            structure() -> Statement = |e| relation(e, &[P::PartOf, P::MemberOf], graph::Direction::Both, None);
        }
    }
}

entity_object! {
    /// A dialogue or process: the Budapest Process itself and the others it works with.
    Process {
        lists {
            /// Who chairs or chaired it, over time, with citations.
            chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::Chairs], as_of);
            /// Who co-chairs or co-chaired it, over time, with citations.
            co_chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::CoChairs], as_of);
            /// Its secretariat.
            secretariat() -> Entity = |e| e.subjects(P::SecretariatOf);
            /// Its working groups and other groups.
            groups() -> Group = |e| e.subjects(P::PartOf).into_iter().filter(|e| e.kind() == model::EntityKind::Group).map(Group).collect::<Vec<_>>();
            /// Its meetings, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::MeetingOf)));
            /// Who funds and co-funds it, with the citations.
            funders() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Incoming, None);
            /// Its milestone timeline, oldest first.
            milestones() -> Milestone = |e| by_date(e.subjects(P::MilestoneOf)).into_iter().map(Milestone).collect::<Vec<_>>();
        }
    }
}

entity_object! {
    /// A region, such as the Silk Routes region.
    Region {
        lists {
            /// The states the sources place in it.
            states() -> Entity = |e| e.subjects(P::InRegion);
        }
    }
}

entity_object! {
    /// A thematic working group, the Reference Group or another working group.
    Group {
        lists {
            /// Who chairs or chaired it, over time, with citations.
            chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::Chairs], as_of);
            /// Who co-chairs or co-chaired it, over time, with citations. Conflicting statements
            /// (e.g. on when a co-chair joined) are all returned, each with its citation.
            co_chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::CoChairs], as_of);
            /// The dialogue or group it belongs to.
            part_of() -> Entity = |e| e.objects(P::PartOf);
            /// Its meetings, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::MeetingOf)));
        }
    }
}

entity_object! {
    /// A meeting or event: ministerial conference, senior officials meeting, working-group or
    /// Reference Group meeting, thematic meeting, webinar.
    Meeting {
        fields {
            /// When it takes or took place, as precisely as the sources say.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
            /// The year it takes or took place.
            async fn year(&self) -> Option<i32> {
                self.0.date().map(|d| d.from.year)
            }
            /// Held, planned, to be confirmed or proposed.
            async fn status(&self) -> Option<Status> {
                self.0.status().map(Status::from)
            }
            /// In person, online or hybrid, where the sources say.
            async fn format(&self) -> Option<Format> {
                self.0.format().map(Format::from)
            }
        }
        lists {
            /// Where it is held: statements, because a venue may itself be to be confirmed.
            venues() -> Statement = |e| relation(e, &[P::HeldIn], graph::Direction::Outgoing, None);
            /// Who hosted it.
            hosts() -> Entity = |e| e.subjects(P::Hosted);
            /// The dialogue or group it is a meeting of.
            meeting_of() -> Entity = |e| e.objects(P::MeetingOf);
            /// Who attended, optionally only of one kind (e.g. `STATE`).
            participants(kind: Option<EntityKind>) -> Entity = |e| e.graph().participants(e.id(), kind.map(model::EntityKind::from));
            /// Figures the sources give (participants, countries, organisations, ...), as
            /// statements with `objectNumber` and `qualifiers.measure`.
            figures() -> Statement = |e| relation(e, &[P::HasFigure], graph::Direction::Outgoing, None);
            /// What it decided or proposed.
            outcomes() -> Statement = |e| relation(e, &[P::Decided, P::Proposed], graph::Direction::Outgoing, None);
            /// Who spoke, presented or moderated, and in what role.
            contributions() -> Statement = |e| relation(e, &[P::ContributedTo], graph::Direction::Incoming, None);
            /// The documents adopted or endorsed at it.
            documents() -> Entity = |e| ends(e, relation(e, &[P::AdoptedAt, P::Endorsed], graph::Direction::Both, None));
        }
    }
}

entity_object! {
    /// A city or site.
    Place {
        lists {
            /// The state, place or region it lies in.
            located_in() -> Entity = |e| e.objects(P::LocatedIn);
            /// The meetings held there, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::HeldIn)));
        }
    }
}

entity_object! {
    /// A project, pilot, facility or initiative (Migrant Resource Centres, COLEP, RELEC, ...).
    Project {
        lists {
            /// Who implements it.
            implementers() -> Entity = |e| e.subjects(P::Implements);
            /// Who funds, co-funds or supports it, with the citations.
            funders() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds, P::Supports], graph::Direction::Incoming, None);
            /// Where it operates.
            locations() -> Entity = |e| e.objects(P::OperatesIn);
            /// Figures the sources give (people reached, budget, ...).
            figures() -> Statement = |e| relation(e, &[P::HasFigure], graph::Direction::Outgoing, None);
        }
    }
}

entity_object! {
    /// A declaration, call for action, work plan, commitments, roadmap or paper.
    Document {
        fields {
            /// When it was adopted or published, as precisely as the sources say.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
        }
        lists {
            /// Who adopted or endorsed it, and where: `endorsed` and `adopted_at` statements.
            adopters() -> Statement = |e| relation(e, &[P::Endorsed, P::AdoptedAt], graph::Direction::Both, None);
            /// What it states: its priority goals, topics and links to other documents.
            facts() -> Statement = |e| e.statements(&StatementQuery { direction: graph::Direction::Outgoing, ..Default::default() });
        }
    }
}

entity_object! {
    /// An entry of the dialogue's milestone timeline.
    Milestone {
        fields {
            /// When it happened.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
        }
        lists {
            /// The entities it concerns.
            involves() -> Entity = |e| e.objects(P::Involves);
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        lists {
            /// The positions the person holds, with role and citation.
            positions() -> Statement = |e| relation(e, &[P::HoldsPosition], graph::Direction::Outgoing, None);
        }
    }
}
