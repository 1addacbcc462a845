package io.parley.adapter.in.http;

import io.parley.application.port.in.DeleteConversationUseCase;
import io.parley.application.port.in.GetStatsUseCase;
import io.parley.application.port.in.ListConversationsUseCase;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.in.ManageMembersUseCase;
import io.parley.application.port.in.ManageToolsUseCase;
import io.parley.application.port.in.PublishMessageUseCase;
import io.parley.application.port.in.PushEventsUseCase;
import io.parley.application.port.in.ReadAttachmentUseCase;
import io.parley.application.port.in.RelayEventsUseCase;
import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.in.ThrottleHttpRequestUseCase;

/** The use cases the HTTP API drives. */
public record HttpUseCases(GetStatsUseCase stats, ThrottleHttpRequestUseCase quota, LoadHistoryUseCase history,
                           PublishMessageUseCase publish, RelayEventsUseCase relay, RunAssistantUseCase runAssistant,
                           ManageMembersUseCase members, ListConversationsUseCase conversations,
                           DeleteConversationUseCase deletion, PushEventsUseCase push, ManageToolsUseCase tools,
                           ReadAttachmentUseCase attachments) {
}
