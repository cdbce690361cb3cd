package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a DLIO workload YAML into a {@link Workload}: parse, apply overrides, bind with defaults, validate. */
public final class WorkloadLoader {
    private WorkloadLoader() {
    }

    public static Workload load(Path file, List<String> overrides) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a folder; give a path to a DLIO workload YAML file in it");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; give a path to a DLIO workload YAML "
                    + "or the name of one in workloads/");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.getFileName().toString(), ConfigText.decode(file.toString(), bytes), overrides);
    }

    public static Workload load(String name, InputStream in, List<String> overrides) throws IOException {
        return parse(name, ConfigText.decode(name, in.readAllBytes()), overrides);
    }

    public static Workload parse(String source, String text, List<String> overrides) {
        Map<String, Object> root = yaml(source, text);
        // DLIO keeps the workload under a "workload" key when the YAML is a Hydra root config
        if (root.size() == 1 && root.get("workload") instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> inner = (Map<String, Object>) root.get("workload");
            root = inner;
        }
        Overrides.apply(root, overrides);
        Notices notices = new Notices();
        Map<String, Object> resolved = new LinkedHashMap<>();
        Section top = new Section(source, "", root, notices, resolved);
        Workload w = WorkloadBinder.bind(top);
        top.accept("hydra", "defaults");
        top.finish();
        WorkloadValidator.validate(w, keyPaths("", root, new HashSet<>()));
        return w;
    }

    /** Every key path set, e.g. reader.batch_size; the legacy data_reader section counts as reader. */
    private static Set<String> keyPaths(String prefix, Map<?, ?> map, Set<String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (prefix.isEmpty() && key.equals("data_reader")) {
                key = "reader";
            }
            String path = prefix + key;
            out.add(path);
            // a workload is a few levels deep; the bound keeps a self-referencing anchor from recursing forever
            if (e.getValue() instanceof Map && prefix.chars().filter(c -> c == '.').count() < 8) {
                keyPaths(path + ".", (Map<?, ?>) e.getValue(), out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String source, String text) {
        Object doc;
        try {
            // DuplicateKeys names both lines below; SnakeYAML's own warning would only add a log line
            LoaderOptions options = new LoaderOptions();
            options.setWarnOnDuplicateKeys(false);
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            throw new ConfigException(source + ": YAML syntax error" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        DuplicateKeys.check(source, text);
        if (doc == null) {
            throw new ConfigException(source + ": the file is empty; a DLIO workload needs at least a dataset "
                    + "or checkpoint section");
        }
        if (!(doc instanceof Map)) {
            throw new ConfigException(source + ": expected a mapping of sections (model:, dataset:, reader:...) "
                    + "at the top level, found " + Section.show(doc));
        }
        for (Object k : ((Map<Object, Object>) doc).keySet()) {
            if (!(k instanceof String)) {
                throw new ConfigException(source + ": top-level key " + k + " is not a section name");
            }
        }
        return new LinkedHashMap<>((Map<String, Object>) doc);
    }
}
