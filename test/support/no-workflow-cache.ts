/** setupFiles of the no-cache project: test workers keep no workflow in cache (see workerCacheOptions). */
process.env.TEST_NO_WORKFLOW_CACHE = '1';
