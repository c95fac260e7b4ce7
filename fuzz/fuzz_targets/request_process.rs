//! The decree's process inputs: a lifecycle and an event, and a schedule
//! input, from arbitrary JSON. Never panics; an accepted move keeps the
//! history growing by one and the time order; a schedule's late steps are
//! exactly its overdue ones and an unknown step has no due date.
#![no_main]

use govshare_core::request::{
    schedule, transition, DeadlineProfile, Event, Lifecycle, ScheduleInput, StepStatus, WorkCalendar,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '\n');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else { return };
    let now = parts.next().unwrap_or("2026-03-02T10:00:00+08:00");
    let profile = DeadlineProfile::national();
    if let (Ok(lc), Ok(event)) = (serde_json::from_str::<Lifecycle>(a), serde_json::from_str::<Event>(b)) {
        if let Ok(next) = transition(&lc, &event, now, &profile) {
            assert_eq!(next.history.len(), lc.history.len() + 1);
            assert_eq!(next.history.last().map(|h| h.from), Some(lc.state));
        }
    }
    if let Ok(input) = serde_json::from_str::<ScheduleInput>(a) {
        if let Ok(s) = schedule(&WorkCalendar::embedded(), &profile, &input, now) {
            for step in &s.steps {
                assert_eq!(step.overdue, step.status == StepStatus::Late);
                if step.status == StepStatus::Unknown {
                    assert!(step.due.is_none());
                    assert!(s.findings.iter().any(|f| f.code == "calendar_out_of_range"));
                }
            }
        }
    }
});
