package io.argus.template.parse;

/**
 * One parsed template: the top-level text or a {@code define}/{@code block} body.
 *
 * @param name the template's name
 * @param parseName name of the top-level template whose text holds this one, for error positions
 * @param text the whole text this tree was parsed from
 */
public record Tree(String name, String parseName, String text, Node.ListNode root) {

  /** Go's error location of {@code node}: {@code <parseName>:<line>:<byte column>}. */
  public String location(Node node) {
    int pos = Math.min(node.pos(), text.length());
    String before = text.substring(0, pos);
    int lastNewline = before.lastIndexOf('\n');
    int line = 1;
    for (int i = 0; i < before.length(); i++) {
      if (before.charAt(i) == '\n') {
        line++;
      }
    }
    String lineText = lastNewline < 0 ? before : before.substring(lastNewline + 1);
    int column = lineText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return parseName + ":" + line + ":" + column;
  }

  /** Whether the tree holds nothing but white space, as Go's {@code parse.IsEmptyTree}. */
  public static boolean isEmpty(Node node) {
    return switch (node) {
      case Node.ListNode l -> l.nodes().stream().allMatch(Tree::isEmpty);
      case Node.Text t -> t.text().isBlank();
      default -> false;
    };
  }
}
