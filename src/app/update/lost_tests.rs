//! The looks after a create whose answer was lost, at the level of `update`: what each answer
//! of the tenant leads to, and that nothing is sent without a yes.

use std::time::Duration;

use super::super::create::tests::{created, fill_s3, flash, form, form_app, s3_specs};
use crate::api::models::Connection;
use crate::api::{Error, ErrorKind};
use crate::app::action::{Action, Payload};
use crate::app::effect::{Effect, Fetch, Slot, Ticket};
use crate::app::form::NAME;
use crate::app::keymap::{Context, Intent};
use crate::app::lost::{wait_before, LostCreate, LOOKS};
use crate::app::state::{App, Layer};
use crate::app::update;
use crate::app::update::tests::{fetches, key, write_ticket, writes};
use crate::app::write::{Write, Written};

const OUT: Duration = Duration::from_secs(4);

/// The S3 form filled in and sent; its answer lost to a timeout after `OUT`.
fn timed_out_create() -> App {
    let mut app = form_app("File_AmazonS3ConnectorV2", s3_specs());
    fill_s3(&mut app);
    let t = write_ticket(&key(&mut app, Intent::FormSubmit));
    let mut e = Error::new(
        ErrorKind::Timeout,
        "POST /api/v1/data-connections",
        "operation timed out",
    );
    e.lost_after_secs = OUT.as_secs() as u16;
    update(&mut app, Action::Written(t, Written::Created(Err(e))));
    assert_eq!(form(&app).lost, LostCreate::Unsure { window: OUT });
    app
}

/// The one request of `fx`: a look for my-s3, with its wait.
fn look_of(fx: &[Effect]) -> (Ticket, Option<Duration>) {
    let requests = fetches(fx);
    assert_eq!(requests.len(), 1, "{fx:?}");
    let Fetch::FindConnection { name, .. } = &requests[0].fetch else {
        panic!("a look, not {fx:?}")
    };
    assert_eq!(name, "my-s3");
    (requests[0].ticket, requests[0].delay)
}

fn answer(app: &mut App, t: Ticket, r: Result<Option<Connection>, Error>) -> Vec<Effect> {
    update(app, Action::Loaded(t, Payload::Found("my-s3".into(), r)))
}

fn no_create(fx: &[Effect]) {
    assert!(
        !writes(fx)
            .iter()
            .any(|w| matches!(w, Write::Create(_) | Write::CreateInteractive(_))),
        "a create went out: {fx:?}"
    );
}

/// Ctrl-S, then every look answered absent: the confirm is open, and nothing was sent.
fn every_look_absent(app: &mut App) {
    let mut fx = key(app, Intent::FormSubmit);
    for n in 1..=LOOKS {
        no_create(&fx);
        let (t, delay) = look_of(&fx);
        assert_eq!(delay.unwrap_or_default(), wait_before(n, OUT), "look {n}");
        assert_eq!(
            form(app).lost,
            LostCreate::Looking {
                look: n,
                window: OUT
            }
        );
        assert!(
            flash(app).contains(&format!("look {n} of {LOOKS}")),
            "{}",
            flash(app)
        );
        fx = answer(app, t, Ok(None));
    }
    no_create(&fx);
    assert_eq!(app.context(), Context::ConfirmResend);
}

#[test]
fn ctrl_s_after_a_timeout_looks_four_times_over_the_timeout_again_before_asking() {
    let mut app = timed_out_create();
    let beside = &form(&app).errors[NAME];
    assert!(
        beside.contains("may have created my-s3 before the request timed out"),
        "{beside}"
    );
    every_look_absent(&mut app);
    // the looks' waits add up to the time the lost request was out
    let waited: Duration = (1..=LOOKS).map(|n| wait_before(n, OUT)).sum();
    assert_eq!(waited, OUT);
    assert!(
        flash(&app).contains("the first request may still be running on the tenant"),
        "{}",
        flash(&app)
    );
}

#[test]
fn a_name_found_at_a_later_look_is_the_result_and_nothing_is_sent_again() {
    let mut app = timed_out_create();
    let (t, _) = look_of(&key(&mut app, Intent::FormSubmit));
    let (t, _) = look_of(&answer(&mut app, t, Ok(None)));
    let earlier = Connection {
        q_id: "c-earlier".into(),
        id: Some("c-earlier".into()),
        q_name: "my-s3".into(),
        ..Default::default()
    };
    let fx = answer(&mut app, t, Ok(Some(earlier)));
    no_create(&fx);
    assert_eq!(app.context(), Context::Created);
    assert_eq!(created(&app).id(), "c-earlier");
    assert!(flash(&app).contains("at look 2 of 4"), "{}", flash(&app));
}

#[test]
fn a_second_ctrl_s_while_looking_sends_nothing_and_esc_stops_keeping_the_form() {
    let mut app = timed_out_create();
    look_of(&key(&mut app, Intent::FormSubmit));
    let fx = key(&mut app, Intent::FormSubmit);
    assert!(fetches(&fx).is_empty(), "{fx:?}");
    assert!(
        flash(&app).contains("still checking whether my-s3"),
        "{}",
        flash(&app)
    );

    let fx = key(&mut app, Intent::Back);
    assert!(fx.contains(&Effect::Cancel(Slot::Submit)), "{fx:?}");
    assert_eq!(
        app.context(),
        Context::Form,
        "Esc stops the looks, not the form"
    );
    assert_eq!(form(&app).value(NAME), "my-s3");
    assert_eq!(form(&app).lost, LostCreate::Unsure { window: OUT });
    assert!(flash(&app).contains("stopped checking"), "{}", flash(&app));
    // and Ctrl-S starts the looks over
    look_of(&key(&mut app, Intent::FormSubmit));
}

#[test]
fn a_failed_look_tells_nothing_and_sends_nothing() {
    let mut app = timed_out_create();
    let (t, _) = look_of(&key(&mut app, Intent::FormSubmit));
    let e = Error::new(ErrorKind::Transport, "GET", "connection refused");
    let fx = answer(&mut app, t, Err(e));
    no_create(&fx);
    assert_eq!(form(&app).lost, LostCreate::Unsure { window: OUT });
    assert!(
        flash(&app).contains("could not check whether my-s3"),
        "{}",
        flash(&app)
    );
}

#[test]
fn only_a_yes_after_every_absent_look_sends_the_create_again_once() {
    let mut app = timed_out_create();
    every_look_absent(&mut app);
    // no (the default) sends nothing and keeps the form; Ctrl-S looks again
    let fx = key(&mut app, Intent::Back);
    no_create(&fx);
    assert_eq!(app.context(), Context::Form);
    assert_eq!(form(&app).value(NAME), "my-s3");
    every_look_absent(&mut app);

    let fx = key(&mut app, Intent::SendAgain);
    let creates: Vec<_> = writes(&fx)
        .into_iter()
        .filter(|w| matches!(w, Write::Create(b) if b.0.q_name == "my-s3"))
        .collect();
    assert_eq!(creates.len(), 1, "{fx:?}");
    assert!(form(&app).submitting);
    assert!(!app.layers.any(|l| matches!(l, Layer::ConfirmResend { .. })));
    // a second Ctrl-S while it is out sends nothing
    assert!(writes(&key(&mut app, Intent::FormSubmit)).is_empty());
}
