package io.easgd.backend.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToAgent;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;

/** The bound on what the server queues for one agent (issue #10, defect 6: it was unbounded). */
class OutboundBudgetTest {

    private static WebSocketMessage message(int bytes) {
        return new WebSocketMessage(WebSocketMessage.Type.BINARY,
                DefaultDataBufferFactory.sharedInstance.wrap(new byte[bytes]));
    }

    @Test
    void aMessagePastTheLimitIsRefusedUntilTheQueueDrains() {
        OutboundBudget budget = new OutboundBudget(1000);
        assertThat(budget.reserve(600)).isTrue();
        assertThat(budget.reserve(300)).isTrue();
        assertThat(budget.reserve(200)).isFalse();       // 1,100 > 1,000
        assertThat(budget.queued()).isEqualTo(900);      // the refused one is not counted
        budget.sent(message(600));
        assertThat(budget.reserve(200)).isTrue();
        assertThat(budget.queued()).isEqualTo(500);
    }

    @Test
    void oneVectorLargerThanTheLimitStillGoesIntoAnEmptyQueue() {
        OutboundBudget budget = new OutboundBudget(1000);
        assertThat(budget.reserve(5000)).isTrue();
        assertThat(budget.reserve(1)).isFalse();
    }

    @Test
    void anAgentThatReadsTooSlowlyIsDisconnectedWithTryAgainLater() {
        AgentRegistry registry = new AgentRegistry();
        FakeAgents.Fake slow = FakeAgents.connect(registry, "slow", 100);   // its reader never drains
        slow.session.send(new ToAgent.Stop(1, "x".repeat(60)));
        assertThat(slow.closed()).isNull();
        slow.session.send(new ToAgent.Stop(1, "y".repeat(60)));             // past 100 bytes queued
        assertThat(slow.closed()).isNotNull();
        assertThat(slow.closed().getCode()).isEqualTo(Protocol.CLOSE_TRY_AGAIN_LATER);
        assertThat(slow.closed().getReason()).contains("reads too slowly");
    }
}
