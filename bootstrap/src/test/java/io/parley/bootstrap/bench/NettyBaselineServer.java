package io.parley.bootstrap.bench;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The baseline of {@link BaselineBenchmark}: a bare Netty WebSocket broadcast server. Every text frame a client
 * sends on {@code /ws} goes to every connected channel, the sender included, through one {@link ChannelGroup};
 * nothing else: no JSON, no store, no registry, no heartbeats, no limits. What a bare JVM WebSocket broadcast
 * costs, so that Parley's figures can be read against it.
 *
 * <p>Run as its own process, like the gateway's jar ({@link ServerProcess}), with the JVM's defaults as the jar
 * gets them; Netty's too (NIO transport, an acceptor thread, pooled buffers) but for two choices: one worker event
 * loop per CPU it may use, not Netty's default of two, and Helidon's accept backlog (1024). Pinned to one core,
 * Netty's default makes two loops time-slice that core, and a broadcast hands every write to a channel of the
 * other loop over as a task, with a thread switch each time (in a smoke run: p50 28 ms instead of 6 ms at 50
 * msg/s to 1 000); a bare server on one core would have one loop. Prints {@code event=started port=N} as the
 * gateway does. Arguments: the port (default 0, any free one), the worker loops (default or 0: one per CPU).
 */
public final class NettyBaselineServer {
    private NettyBaselineServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int loops = args.length > 1 && Integer.parseInt(args[1]) > 0 ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
        ChannelGroup everyone = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Broadcast broadcast = new Broadcast(everyone);
        // the clients name a user in the query (?user=…) as they do with Parley: the path is matched by its start
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws")
                .checkStartsWith(true).build();
        Channel server = new ServerBootstrap().group(acceptor, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler(ws), broadcast);
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("event=started port=" + ((InetSocketAddress) server.localAddress()).getPort());
        server.closeFuture().sync();
    }

    /** Joins a channel to the group once its handshake is done; sends every text frame to the whole group. */
    @ChannelHandler.Sharable
    private static final class Broadcast extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final ChannelGroup everyone;

        Broadcast(ChannelGroup everyone) {
            this.everyone = everyone;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                everyone.add(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            // the group writes a retained duplicate to each channel and releases the frame once; the retain
            // balances the release of SimpleChannelInboundHandler after this returns
            everyone.writeAndFlush(frame.retain());
        }
    }
}
