package io.parley.application.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.domain.conversation.Tool;

/** Tools offered from several places for one run: one per name, a later offer replacing an earlier one. */
final class Tools {
    private Tools() {
    }

    @SafeVarargs
    static List<Tool> merged(List<Tool>... offers) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (List<Tool> offer : offers) {
            offer.forEach(tool -> byName.put(tool.name(), tool));
        }
        return List.copyOf(byName.values());
    }
}
