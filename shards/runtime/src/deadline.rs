//! Bounding a wait in time.

use std::time::Duration;

/// `Some(output)` if `future` finishes within `limit`, else `None` (the future is dropped).
pub async fn with_deadline<F: std::future::Future>(
    future: F,
    limit: Duration,
) -> Option<F::Output> {
    let timer = glommio::timer::sleep(limit);
    futures::pin_mut!(future, timer);
    match futures::future::select(future, timer).await {
        futures::future::Either::Left((output, _)) => Some(output),
        futures::future::Either::Right(_) => None,
    }
}
