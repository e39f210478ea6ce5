// Kith local Neo4j: an embedded Neo4j 5.26 Community DBMS with a Bolt listener, run in the
// foreground. No build step: the JDK's single-file source launcher compiles it on start:
//
//   java -cp "$NEO4J_LIB/*" Launcher.java --home DIR [--host 127.0.0.1] [--port 17687]
//        [--pagecache 256m]
//
// The DBMS keeps its stores under DIR (DIR/data/databases/neo4j, DIR/data/transactions) so data
// survives restarts; DIR/logs holds Neo4j's own debug.log. Authentication is disabled: this is
// for a developer machine and CI only, bound to loopback. SIGTERM or SIGINT shuts the DBMS down
// cleanly (checkpoint, close stores) and then exits with status 0.

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

import sun.misc.Signal;

public class Launcher {

    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        String home = null;
        String host = "127.0.0.1";
        int port = 17687;
        long pageCache = parseBytes("256m");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--home" -> { home = require(args[i], value); i++; }
                case "--host" -> { host = require(args[i], value); i++; }
                case "--port" -> { port = Integer.parseInt(require(args[i], value)); i++; }
                case "--pagecache" -> { pageCache = parseBytes(require(args[i], value)); i++; }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (home == null) {
            usage("--home is required");
        }
        Path homeDir = Path.of(home).toAbsolutePath();
        Files.createDirectories(homeDir);

        long started = System.nanoTime();
        log("starting Neo4j (embedded, Community) home=" + homeDir + " bolt=" + host + ":" + port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(homeDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                // No usage reports phoning home from developer machines and CI.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's defaults wait ~10s (two idle 5s waits) on shutdown even with no clients;
                // keep a stop fast for supervisord and fault tests. Internal settings, 5.26.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();

        Runnable stop = () -> {
            if (STOPPING.compareAndSet(false, true)) {
                log("shutting down");
                try {
                    dbms.shutdown();
                    log("stopped cleanly");
                } catch (Throwable t) {
                    log("shutdown failed: " + t);
                } finally {
                    STOPPED.countDown();
                }
            } else {
                awaitStopped();
            }
        };
        // Exit 0 on SIGTERM/SIGINT once the DBMS is closed (a plain shutdown hook would work
        // too, but the JVM would then report status 143 to the supervisor).
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                log("received SIG" + signal.getName());
                stop.run();
                System.exit(0);
            });
        }
        // Any other JVM exit (System.exit elsewhere, SIGHUP, ...) still closes the stores.
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            log("database '" + db.databaseName() + "' did not become available");
            System.exit(1);
        }
        Object one = db.executeTransactionally("RETURN 1 AS one", Map.of(),
                result -> result.next().get("one"));
        log(String.format(Locale.ROOT, "ready in %.1fs: database '%s' available (RETURN 1 -> %s), "
                + "Bolt on bolt://%s:%d, auth disabled",
                (System.nanoTime() - started) / 1e9, db.databaseName(), one, host, port));

        // Stay in the foreground until a signal arrives.
        awaitStopped();
    }

    private static void awaitStopped() {
        try {
            STOPPED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        switch (t.charAt(t.length() - 1)) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> { }
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("Launcher: " + problem);
        System.err.println("usage: java -cp 'lib/*' Launcher.java --home DIR [--host H] [--port P]"
                + " [--pagecache 256m]");
        System.exit(2);
    }

    private static void log(String message) {
        System.out.println(java.time.Instant.now() + " [kith-neo4j] " + message);
        System.out.flush();
    }
}
