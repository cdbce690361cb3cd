package io.jdlio.config;

import java.io.StringReader;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Refuses a key given twice in one mapping. Plain YAML keeps the later value, so a second {@code train:}
 * silently drops the first one's keys; Hydra, which DLIO loads configs with, refuses it. SnakeYAML's own
 * check names neither line, so the node tree is walked here to name both.
 */
final class DuplicateKeys {
    private DuplicateKeys() {
    }

    /** Call after the text has loaded once, so that alias limits and syntax errors have been reported. */
    static void check(String source, String text) {
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        walk(source, "", root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(String source, String path, Node node, Set<Node> seen) {
        // an alias is the same node again: each is walked once, so anchors can neither loop nor multiply
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof SequenceNode) {
            int i = 0;
            for (Node item : ((SequenceNode) node).getValue()) {
                walk(source, path + "[" + i++ + "]", item, seen);
            }
        } else if (node instanceof MappingNode) {
            Map<String, Integer> lines = new HashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                Node k = t.getKeyNode();
                String key = k instanceof ScalarNode ? ((ScalarNode) k).getValue() : null;
                String keyPath = key == null ? path : path.isEmpty() ? key : path + "." + key;
                if (key != null && !key.equals("<<")) {
                    int line = k.getStartMark().getLine() + 1;
                    Integer first = lines.putIfAbsent(key, line);
                    if (first != null) {
                        throw new ConfigException(source + ": key '" + keyPath + "' is given twice, at line " + first
                                + " and line " + line + "; YAML would keep only the one at line " + line
                                + " and drop the one at line " + first + " (DLIO's Hydra refuses it too): "
                                + "merge the two into one");
                    }
                }
                walk(source, keyPath, t.getValueNode(), seen);
            }
        }
    }
}
