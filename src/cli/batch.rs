//! Running one job per file, each in isolation, with results handed back in file order.
//!
//! A batch must survive any one file: a panic while reading or checking a file (a bug, or a
//! third-party reader meeting a file it was never tested on) is caught and becomes that
//! file's outcome, and a file still running after [`FILE_TIME_BUDGET`] is reported as timed
//! out and left behind while the batch goes on. Results are handed to the caller in file
//! order as soon as a file and every file before it are done, so a batch's output streams and
//! nothing already finished is lost to a later failure.
//!
//! Memory stays bounded by design: workers take a file only within a window of files ahead
//! of the last one handed back, and a file larger than [`HEAVY_FILE_BYTES`] on disk runs
//! alone, so that a batch's peak is that of its largest file, not of two large files at
//! once. A thread cannot be stopped from outside, so a timed-out file's worker is abandoned:
//! a new worker takes its place, and the old one's result, if it ever comes, is dropped.
//!
//! The panic hook installed by [`install_panic_hook`] prints nothing for a panic inside a job
//! (the job's outcome says it), and a short Chinese message for any other.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use jixiao::limits::{FILE_TIME_BUDGET, HEAVY_FILE_BYTES};

/// How one file's job ended.
pub enum Outcome<R> {
    Done(R),
    /// The job panicked; where, when the panic said so (`src/engine/row.rs:287`).
    Panicked(Option<String>),
    /// The job ran past its time budget and was left behind.
    TimedOut(Duration),
}

thread_local! {
    /// Whether this thread is running a job, whose panic is its outcome, not a crash.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic on this thread happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replace the default panic hook, which prints the panic's message (English, perhaps holding
/// text from the file) and a backtrace: a job's panic is recorded for its outcome; any other
/// prints one line saying an internal error ended the program.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", short(l.file()), l.line()));
        if ISOLATED.with(Cell::get) {
            LAST_PANIC.with_borrow_mut(|last| *last = location);
        } else {
            let at = location.map(|l| format!("（{l}）")).unwrap_or_default();
            eprintln!(
                "内部错误：程序意外中止{at}，请报告此问题 / internal error: jixiao stopped unexpectedly"
            );
        }
    }));
}

/// A source path as a bug report needs it: `miette-7.6.0/src/handlers/graphical.rs`, not
/// where this machine keeps the registry; `library/core/src/cmp.rs`, not the toolchain's hash.
fn short(file: &str) -> &str {
    if let Some(at) = file.find("/registry/src/") {
        let rest = &file[at + "/registry/src/".len()..];
        return rest
            .split_once('/')
            .map_or(rest, |(_, crate_path)| crate_path);
    }
    if let Some(rest) = file.strip_prefix("/rustc/") {
        return rest.split_once('/').map_or(rest, |(_, path)| path);
    }
    file
}

/// Run `job` on one value in isolation: a panic becomes [`Outcome::Panicked`].
pub fn isolated<R>(job: impl FnOnce() -> R) -> Outcome<R> {
    ISOLATED.with(|i| i.set(true));
    LAST_PANIC.with_borrow_mut(|last| *last = None);
    let result = catch_unwind(AssertUnwindSafe(job));
    ISOLATED.with(|i| i.set(false));
    match result {
        Ok(r) => Outcome::Done(r),
        Err(_) => Outcome::Panicked(LAST_PANIC.with_borrow_mut(Option::take)),
    }
}

/// What the workers and the caller share.
struct State {
    /// The next file to take.
    next: usize,
    /// Files handed back so far: the window starts here.
    handed: usize,
    /// Files being run, with when they started and whether they run alone.
    running: HashMap<usize, (Instant, bool)>,
    /// Whether a heavy file is running (then nothing else is).
    heavy: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A job never runs under the lock, so the lock is never poisoned by one.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Settings of a batch run.
pub struct Batch {
    pub workers: usize,
    pub budget: Duration,
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            // RAYON_NUM_THREADS is honoured as when the batch ran on rayon, so that
            // benches/whole-process.sh still measures one thread against two.
            workers: std::env::var("RAYON_NUM_THREADS")
                .ok()
                .and_then(|n| n.parse().ok())
                .filter(|&n: &usize| n > 0)
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            budget: FILE_TIME_BUDGET,
        }
    }
}

/// Stack of each worker: deep enough that no reader meets its end on a file within limits.
const WORKER_STACK: usize = 16 * 1024 * 1024;

impl Batch {
    /// Run `job` on files `0..count`, handing each outcome to `emit` in file order. `size`
    /// tells a file's size on disk (`None` when unknown). `emit` may stop the batch early.
    pub fn run<R: Send + 'static>(
        &self,
        count: usize,
        size: impl Fn(usize) -> Option<u64> + Send + Sync + 'static,
        job: impl Fn(usize) -> R + Send + Sync + 'static,
        mut emit: impl FnMut(usize, Outcome<R>) -> ControlFlow<()>,
    ) {
        let workers = self.workers.max(1);
        let window = workers * 4;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                next: 0,
                handed: 0,
                running: HashMap::new(),
                heavy: false,
            }),
            wake: Condvar::new(),
        });
        let (tx, rx) = mpsc::channel::<(usize, Outcome<R>)>();
        let work = Arc::new(Work {
            count,
            window,
            size: Box::new(size),
            job: Box::new(job),
        });
        let spawn = || {
            let (shared, work, tx) = (Arc::clone(&shared), Arc::clone(&work), tx.clone());
            // A worker that cannot be started leaves its share to the others; with none at
            // all, the files are reported as timed out rather than waited for without end.
            let _ = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn(move || worker(&shared, &work, &tx));
        };
        for _ in 0..workers.min(count) {
            spawn();
        }
        let mut pending: BTreeMap<usize, Outcome<R>> = BTreeMap::new();
        let mut handed = 0;
        while handed < count {
            let wait = {
                let state = shared.lock();
                let now = Instant::now();
                state
                    .running
                    .values()
                    .map(|(start, _)| (*start + self.budget).saturating_duration_since(now))
                    .min()
                    .unwrap_or(self.budget)
            };
            match rx.recv_timeout(wait) {
                Ok((i, outcome)) => {
                    pending.insert(i, outcome);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    // Every worker is gone: the files not reported are lost to a worker
                    // that could not start.
                    for i in handed..count {
                        pending
                            .entry(i)
                            .or_insert(Outcome::TimedOut(Duration::ZERO));
                    }
                }
            }
            // Leave behind whatever ran past its budget, and start a worker in its place.
            let late: Vec<usize> = {
                let mut state = shared.lock();
                let now = Instant::now();
                let late: Vec<usize> = state
                    .running
                    .iter()
                    .filter(|(_, (start, _))| now.duration_since(*start) >= self.budget)
                    .map(|(i, _)| *i)
                    .collect();
                for i in &late {
                    if let Some((_, true)) = state.running.remove(i) {
                        state.heavy = false;
                    }
                }
                late
            };
            for i in late {
                pending.insert(i, Outcome::TimedOut(self.budget));
                spawn();
                shared.wake.notify_all();
            }
            while let Some(outcome) = pending.remove(&handed) {
                let flow = emit(handed, outcome);
                handed += 1;
                shared.lock().handed = handed;
                shared.wake.notify_all();
                if flow.is_break() {
                    // Workers finish the file in hand and take no more.
                    shared.lock().next = count;
                    shared.wake.notify_all();
                    return;
                }
            }
        }
    }
}

/// What every worker runs.
#[allow(clippy::type_complexity)]
struct Work<R> {
    count: usize,
    window: usize,
    size: Box<dyn Fn(usize) -> Option<u64> + Send + Sync>,
    job: Box<dyn Fn(usize) -> R + Send + Sync>,
}

fn worker<R>(shared: &Shared, work: &Work<R>, tx: &mpsc::Sender<(usize, Outcome<R>)>) {
    loop {
        let (index, heavy) = {
            let mut state = shared.lock();
            loop {
                if state.next >= work.count {
                    return;
                }
                let i = state.next;
                if i < state.handed + work.window && !state.heavy {
                    let heavy = (work.size)(i).is_some_and(|s| s > HEAVY_FILE_BYTES);
                    if !heavy || state.running.is_empty() {
                        state.next += 1;
                        state.heavy = heavy;
                        state.running.insert(i, (Instant::now(), heavy));
                        break (i, heavy);
                    }
                }
                state = shared
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let outcome = isolated(|| (work.job)(index));
        let mine = {
            let mut state = shared.lock();
            let mine = state.running.remove(&index).is_some();
            if mine && heavy {
                state.heavy = false;
            }
            mine
        };
        shared.wake.notify_all();
        // A job left behind has been reported and replaced: its worker bows out.
        if !mine || tx.send((index, outcome)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        batch: &Batch,
        count: usize,
        job: impl Fn(usize) -> usize + Send + Sync + 'static,
    ) -> Vec<String> {
        let mut seen = Vec::new();
        batch.run(
            count,
            |_| None,
            job,
            |i, outcome| {
                seen.push(match outcome {
                    Outcome::Done(v) => format!("{i}:{v}"),
                    Outcome::Panicked(_) => format!("{i}:panic"),
                    Outcome::TimedOut(_) => format!("{i}:late"),
                });
                ControlFlow::Continue(())
            },
        );
        seen
    }

    #[test]
    fn outcomes_come_in_order_whatever_order_jobs_end_in() {
        install_panic_hook();
        let batch = Batch {
            workers: 3,
            budget: Duration::from_secs(30),
        };
        let seen = run(&batch, 20, |i| {
            std::thread::sleep(Duration::from_millis(((20 - i) % 7) as u64 * 3));
            assert!(i != 5, "boom");
            i * 2
        });
        let expected: Vec<String> = (0..20)
            .map(|i| {
                if i == 5 {
                    "5:panic".to_owned()
                } else {
                    format!("{i}:{}", i * 2)
                }
            })
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_file_past_its_budget_is_left_behind_and_the_batch_goes_on() {
        let batch = Batch {
            workers: 2,
            budget: Duration::from_millis(300),
        };
        let start = Instant::now();
        let seen = run(&batch, 6, |i| {
            if i == 1 {
                std::thread::sleep(Duration::from_secs(5));
            }
            i
        });
        assert_eq!(seen, ["0:0", "1:late", "2:2", "3:3", "4:4", "5:5"]);
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn panic_locations_are_short() {
        assert_eq!(
            short(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/miette-7.6.0/src/x.rs"
            ),
            "miette-7.6.0/src/x.rs"
        );
        assert_eq!(
            short("/rustc/59807616e/library/core/src/cmp.rs"),
            "library/core/src/cmp.rs"
        );
        assert_eq!(short("src/engine/row.rs"), "src/engine/row.rs");
    }

    #[test]
    fn the_caller_may_stop_early() {
        let batch = Batch::default();
        let mut seen = 0;
        batch.run(
            100,
            |_| None,
            |i| i,
            |_, _| {
                seen += 1;
                if seen == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 3);
    }
}
