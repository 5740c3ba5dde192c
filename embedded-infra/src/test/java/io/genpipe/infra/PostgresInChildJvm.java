package io.genpipe.infra;

import java.nio.file.Path;

/** Started by {@link OrphanedPostgresIT} as a separate JVM, which the test then kills without warning. */
public final class PostgresInChildJvm {

    static final String READY = "CHILD-POSTGRES-READY";

    private PostgresInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresDatabase.start("127.0.0.1", 0, Path.of(args[0]));
        System.out.println(READY);
        System.out.flush();
        // Stay up until killed; reading stdin blocks without spinning.
        System.in.read();
    }
}
