//! Work shared out among a thread pool a batch at a time, with each batch's
//! result handed back in input order as soon as it and every batch before it
//! are done.
//!
//! The checker used to run a chunk of files across the threads and write it
//! while the threads waited for the next chunk: each chunk ended when its
//! slowest batch did, and the writing stood between chunks. Here a thread
//! takes the next batch as soon as it is free, and the caller writes results
//! while the threads go on. At most a window of batches is under way or
//! waiting to be written, so memory stays bounded however many items there
//! are.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

/// Runs `work` on `items` in batches of at most `most` on `pool`'s threads,
/// and calls `done` on the calling thread with each batch's result, in the
/// items' order. Batches shrink towards the end (each is the items left
/// shared among the threads), so the threads finish together.
pub fn run_in_order<T, R>(
    pool: &rayon::ThreadPool,
    items: Vec<T>,
    most: usize,
    work: impl Fn(Vec<T>) -> R + Sync,
    mut done: impl FnMut(R),
) where
    T: Send,
    R: Send,
{
    let threads = pool.current_num_threads().max(1);
    // each thread at work on one batch and one more waiting for the writer
    let window = 2 * threads;
    let mut left = items.len();
    let mut items = items.into_iter();
    let work = &work;
    let (sender, results) = mpsc::channel();
    pool.in_place_scope(|scope| {
        let (mut started, mut finished) = (0, 0);
        let mut ready = BTreeMap::new();
        loop {
            while started - finished < window && left > 0 {
                let batch: Vec<T> = items
                    .by_ref()
                    .take(left.div_ceil(threads).clamp(1, most.max(1)))
                    .collect();
                left -= batch.len();
                let (sender, k) = (sender.clone(), started);
                scope.spawn(move |_| {
                    // a panic is handed to the caller rather than leaving it
                    // waiting for a result that never comes
                    let result = catch_unwind(AssertUnwindSafe(|| work(batch)));
                    let _ = sender.send((k, result));
                });
                started += 1;
            }
            if finished == started {
                break;
            }
            let (k, result) = results
                .recv()
                .expect("the caller holds a sender, so the channel stays open");
            ready.insert(k, result.unwrap_or_else(|panic| resume_unwind(panic)));
            while let Some(result) = ready.remove(&finished) {
                done(result);
                finished += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_back_in_order_each_once() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 2, 5, 31, 32, 33, 200, 1000] {
                let mut seen = Vec::new();
                let mut sizes = Vec::new();
                run_in_order(
                    &pool(threads),
                    (0..count).collect(),
                    32,
                    |batch: Vec<usize>| {
                        // later batches done first, so order must be restored
                        std::thread::sleep(std::time::Duration::from_micros(
                            (1000 - batch[0].min(1000)) as u64 / 10,
                        ));
                        batch
                    },
                    |batch| {
                        sizes.push(batch.len());
                        seen.extend(batch);
                    },
                );
                assert_eq!(seen, (0..count).collect::<Vec<_>>(), "{threads} threads");
                assert!(sizes.iter().all(|&n| (1..=32).contains(&n)), "{sizes:?}");
                // with more than one thread, batches shrink towards the end
                if count >= 200 {
                    assert_eq!(sizes[0], count.div_ceil(threads).min(32));
                    let last = if threads == 1 { count % 32 } else { 1 };
                    assert_eq!(*sizes.last().unwrap(), last, "{sizes:?}");
                }
            }
        }
    }

    #[test]
    fn no_more_than_the_window_is_under_way() {
        let threads = 3;
        let (under_way, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut held = 0;
        run_in_order(
            &pool(threads),
            (0..500).collect(),
            4,
            |batch: Vec<usize>| {
                let now = under_way.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(100));
                batch
            },
            |batch| {
                // a slow writer: done batches wait for it. A batch counts
                // as under way until it is written
                std::thread::sleep(std::time::Duration::from_micros(500));
                under_way.fetch_sub(1, Ordering::SeqCst);
                held += batch.len();
            },
        );
        assert_eq!(held, 500);
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 2 * threads && most >= threads, "{most} at once");
    }

    #[test]
    fn a_panic_in_a_batch_reaches_the_caller() {
        let caught = catch_unwind(AssertUnwindSafe(|| {
            run_in_order(
                &pool(2),
                (0..100).collect(),
                8,
                |batch: Vec<usize>| assert!(!batch.contains(&50), "item 50"),
                |()| {},
            );
        }));
        assert!(caught.is_err());
    }
}
