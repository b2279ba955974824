//! How a connection's progress reaches its [`Watched`] entry: each request's answer counted
//! as it begins and when it is ready, and each write that takes bytes of an answer.

use super::watchdog::Watched;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pin_project_lite::pin_project! {
    /// A request's answer, counted on its connection's activity when it is ready.
    pub struct Answering<F> {
        #[pin]
        answer: F,
        watched: Arc<Watched>,
    }
}

impl<F> Answering<F> {
    pub fn new(answer: F, watched: Arc<Watched>) -> Answering<F> {
        watched.activity.answer_begun();
        Answering { answer, watched }
    }
}

impl<F: Future> Future for Answering<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let answer = std::task::ready!(this.answer.poll(cx));
        this.watched.activity.answer_ready();
        Poll::Ready(answer)
    }
}

/// A connection's socket, whose writes that take bytes count as activity (a client reading
/// a long answer slowly is not silent).
pub struct CountedWrites<T> {
    io: T,
    watched: Arc<Watched>,
}

impl<T> CountedWrites<T> {
    pub fn new(io: T, watched: Arc<Watched>) -> CountedWrites<T> {
        CountedWrites { io, watched }
    }

    fn count(&self, written: &Poll<io::Result<usize>>) {
        if matches!(written, Poll::Ready(Ok(n)) if *n > 0) {
            self.watched.activity.bytes_written();
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for CountedWrites<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CountedWrites<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.io).poll_write(cx, buf);
        self.count(&written);
        written
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.count(&written);
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The application as hyper calls it on one connection: each request's answer counted on the
/// connection's activity.
pub struct Watching<S> {
    service: S,
    watched: Arc<Watched>,
}

impl<S> Watching<S> {
    pub fn new(service: S, watched: Arc<Watched>) -> Watching<S> {
        Watching { service, watched }
    }
}

impl<S, R> hyper::service::Service<R> for Watching<S>
where
    S: tower::Service<R> + Clone,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Answering<tower::util::Oneshot<S, R>>;

    fn call(&self, request: R) -> Self::Future {
        // As hyper-util's adapter does: a clone of the service, made ready, then called.
        let answer = tower::ServiceExt::oneshot(self.service.clone(), request);
        Answering::new(answer, self.watched.clone())
    }
}
