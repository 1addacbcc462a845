package io.parley.application.port.in;

/** Decides whether an upgrade request may become a connection. */
public interface AdmitConnectionUseCase {

    /**
     * Decides on an upgrade request: identity, origin, limits. An admission counts against the limits at once,
     * until the ticket is opened or abandoned. A refusal's code tells the HTTP answer (400, 401, 403, 429, 503)
     * and its reason the problem's {@code code} ({@code origin_not_allowed}, {@code connect_rate}, …).
     */
    Outcome<ConnectionTicket> admit(AdmitConnectionCommand command);
}
