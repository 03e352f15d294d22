//! The thread pool of `--jobs N`: the walk, the check and `huashu calls`
//! run on it (rayon's global pool, one thread per core, without `--jobs`).

use std::sync::Arc;

/// The most threads `--jobs` gets: 4 per core, and never more than 256. More
/// only costs memory and start-up (`-j 100000` would try to start 100,000
/// threads); the engine works in chunks of 256 files anyway.
pub fn max_jobs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.saturating_mul(4).clamp(1, 256)
}

/// The threads of `--jobs N` (at most `max_jobs()`); `None` for rayon's
/// global pool (one per core).
pub fn thread_pool(jobs: Option<usize>) -> Option<rayon::ThreadPool> {
    jobs.and_then(|n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.clamp(1, max_jobs()))
            .build()
            .ok()
    })
}

/// The pool of `--jobs N` as the engine takes it.
pub fn shared_pool(jobs: Option<usize>) -> Option<Arc<rayon::ThreadPool>> {
    thread_pool(jobs).map(Arc::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped() {
        let pool = thread_pool(Some(100_000)).expect("a pool");
        assert_eq!(pool.current_num_threads(), max_jobs());
        assert!(max_jobs() <= 256);
        assert_eq!(thread_pool(Some(0)).unwrap().current_num_threads(), 1);
    }
}
