//! The real event loop on `TestBackend` with scripted input: keys take effect while requests
//! are still failing or pending, and quitting ends the loop.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use qdc::api::{ApiKey, Client, ClientConfig};
use qdc::app::state::{Pane, Tenant};
use qdc::app::App;
use qdc::runtime::clipboard::Osc52;
use qdc::runtime::{run, SideChannel};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn key(c: char) -> io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// A stream of events that waits `gap` before each one, so background results can interleave.
fn scripted(
    events: Vec<io::Result<Event>>,
    gap: Duration,
) -> impl futures_util::Stream<Item = io::Result<Event>> + Unpin {
    Box::pin(futures_util::stream::unfold(
        events.into_iter(),
        move |mut it| async move {
            tokio::time::sleep(gap).await;
            it.next().map(|e| (e, it))
        },
    ))
}

#[tokio::test]
async fn keys_work_while_the_tenant_is_unreachable_and_q_quits() {
    // nothing listens on port 9 of loopback: every request fails fast
    let mut config = ClientConfig::new("http://127.0.0.1:9");
    config.retry.max_retries = 0;
    let client = Client::new(&config, Arc::new(ApiKey::new("k"))).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut app = App::new(Tenant {
        profile: "test".into(),
        host: "127.0.0.1:9".into(),
    });
    let input = scripted(
        vec![key('3'), key('?'), key('q'), key('2')],
        Duration::from_millis(300),
    );
    let copied: Vec<u8> = Vec::new();
    let side = SideChannel {
        out: Box::new(io::Cursor::new(copied)),
        osc52: Osc52,
        native: None,
    };
    let channel = tokio::sync::mpsc::unbounded_channel();
    tokio::time::timeout(
        Duration::from_secs(20),
        run(&mut terminal, &mut app, input, client, channel, side),
    )
    .await
    .expect("the loop ends")
    .unwrap();
    // '3' switched pane, '?' opened help, the first 'q' closed help (it does not quit from a
    // popup), '2' switched again; the input then ended
    assert_eq!(app.pane, Pane::Gateways);
    assert!(!app.layers.any(qdc::app::state::Layer::is_reading));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("connection failed"), "{screen}");
    assert!(screen.contains("Gateways 0/0"), "{screen}");
    assert!(!app.messages.is_empty());
}
