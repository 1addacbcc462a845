package io.parley.adapter.in.http;

import io.parley.application.port.in.GetStatsUseCase;
import io.parley.application.port.in.ThrottleHttpRequestUseCase;

/** The use cases the HTTP API drives. */
public record HttpUseCases(GetStatsUseCase stats, ThrottleHttpRequestUseCase quota) {
}
