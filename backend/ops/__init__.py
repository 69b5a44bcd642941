"""Operations: the admin's view of workers, queues and running jobs."""
