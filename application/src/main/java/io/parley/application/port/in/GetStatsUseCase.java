package io.parley.application.port.in;

/** Reports what this node is doing. */
public interface GetStatsUseCase {

    NodeStats stats();
}
