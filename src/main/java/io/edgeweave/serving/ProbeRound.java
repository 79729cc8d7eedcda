package io.edgeweave.serving;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One round of probes before a request: every link between nodes that are up is asked for its state, every node off
 * the path whether it is alive. Answers are kept by link and read back in the order the links were asked, whatever
 * order they arrived in; an answer of another round is not taken. A round asked ahead, while the request before is
 * served, stands for the request's own round only if it asked the same links and nodes.
 *
 * @param <A> a link's answer
 */
public final class ProbeRound<A> {
  private final int id;
  private final int request;
  private final List<String> links;
  private final List<String> idle;
  private final Map<String, A> answers = new HashMap<>();
  private final Set<String> linksDone = new HashSet<>();
  private final Set<String> nodesDone = new HashSet<>();

  /**
   * @param id tells this round's answers from another's
   * @param links the links asked, in the order their answers are read
   * @param idle the nodes off the path asked whether they are alive
   */
  public ProbeRound(int id, int request, List<String> links, List<String> idle) {
    this.id = id;
    this.request = request;
    this.links = List.copyOf(links);
    this.idle = List.copyOf(idle);
  }

  public int id() {
    return id;
  }

  /** Whether this round asked what request {@code request} must ask of {@code links} and {@code idle}. */
  public boolean asks(int request, List<String> links, List<String> idle) {
    return this.request == request && this.links.equals(links) && this.idle.equals(idle);
  }

  /** Link {@code link} answered round {@code round}; an answer of another round is ignored. */
  public void answered(int round, String link, A answer) {
    if (round != id || !links.contains(link)) return;
    answers.put(link, answer);
    linksDone.add(link);
  }

  /** Link {@code link} is gone: it will not answer. */
  public void linkGone(String link) {
    if (links.contains(link)) linksDone.add(link);
  }

  /** Node {@code node} answered round {@code round} that it is alive. */
  public void alive(int round, String node) {
    if (round == id && idle.contains(node)) nodesDone.add(node);
  }

  /** Node {@code node} crashed: it will not answer. */
  public void nodeGone(String node) {
    if (idle.contains(node)) nodesDone.add(node);
  }

  /** Every link and node asked has answered or is gone. */
  public boolean complete() {
    return linksDone.size() == links.size() && nodesDone.size() == idle.size();
  }

  /** The links' answers, in the order the links were asked (a link gone gave none). */
  public List<A> answers() {
    List<A> inOrder = new ArrayList<>();
    for (String link : links) if (answers.containsKey(link)) inOrder.add(answers.get(link));
    return inOrder;
  }
}
