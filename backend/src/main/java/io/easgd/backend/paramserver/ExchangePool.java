package io.easgd.backend.paramserver;

/**
 * Where {@link ExchangeService} applies uploads: the {@code easgd-exchange-N} threads of
 * {@link Threads} in the backend; in a unit test, an executor the test drives. Not a
 * {@link java.util.concurrent.Executor} on purpose, so that Spring Boot's own task executor stays.
 */
@FunctionalInterface
interface ExchangePool {
    void execute(Runnable task);
}
