package io.parley.adapter.out.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A Lua script of this adapter (a resource beside the classes), run by its SHA-1 and sent whole when Redis does
 * not know it (it restarted, or flushed its scripts). Each script takes its arguments alone: it computes the keys
 * from the cluster prefix, which is why the adapter needs one Redis (standalone or behind Sentinel), not a Redis
 * Cluster.
 */
final class LuaScript {
    private static final String[] NO_KEYS = new String[0];

    private final String name;
    private final String text;
    private final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script {@code name}{@code .lua} beside this class. */
    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name + ".lua", e);
        }
    }

    /** Runs the script and waits for its answer (at most the connection's command timeout). */
    <T> T run(StatefulRedisConnection<String, String> connection, ScriptOutputType type, String... args) {
        try {
            return connection.sync().evalsha(sha, type, NO_KEYS, args);
        } catch (RedisNoScriptException e) {
            return connection.sync().eval(text, type, NO_KEYS, args);
        }
    }

    /**
     * Sends the script by its SHA-1 without waiting; fails with {@link RedisNoScriptException} if Redis does not
     * know it (the caller then writes its state again with {@link #runWhole}, which teaches Redis the script).
     */
    <T> RedisFuture<T> runAsync(StatefulRedisConnection<String, String> connection, ScriptOutputType type,
                                String... args) {
        return connection.async().evalsha(sha, type, NO_KEYS, args);
    }

    /** Sends the whole script without waiting (Redis keeps it, so later {@link #runAsync} calls find it). */
    <T> RedisFuture<T> runWhole(StatefulRedisConnection<String, String> connection, ScriptOutputType type,
                                String... args) {
        return connection.async().eval(text, type, NO_KEYS, args);
    }

    @Override
    public String toString() {
        return name + ".lua";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1", e);
        }
    }
}
