package io.parley.adapter.in.websocket;

import io.parley.application.port.in.AdmitConnectionUseCase;
import io.parley.application.port.in.AnswerToolCallUseCase;
import io.parley.application.port.in.AuthenticateConnectionUseCase;
import io.parley.application.port.in.CancelRunUseCase;
import io.parley.application.port.in.ChangeStateUseCase;
import io.parley.application.port.in.CloseConnectionUseCase;
import io.parley.application.port.in.JoinConversationUseCase;
import io.parley.application.port.in.LeaveConversationUseCase;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.in.OpenConnectionUseCase;
import io.parley.application.port.in.PresenceUseCase;
import io.parley.application.port.in.RecordActivityUseCase;
import io.parley.application.port.in.SendMessageUseCase;
import io.parley.application.port.in.ThrottleRequestsUseCase;
import io.parley.application.port.in.UploadFileUseCase;

/** The use cases the WebSocket endpoint drives. */
public record WebSocketUseCases(AdmitConnectionUseCase admit, OpenConnectionUseCase open,
                                CloseConnectionUseCase close, RecordActivityUseCase activity,
                                ThrottleRequestsUseCase throttle, JoinConversationUseCase join,
                                LeaveConversationUseCase leave, SendMessageUseCase send, LoadHistoryUseCase history,
                                CancelRunUseCase cancel, AuthenticateConnectionUseCase authenticate,
                                PresenceUseCase presence, AnswerToolCallUseCase toolResults,
                                ChangeStateUseCase state, UploadFileUseCase upload) {
}
