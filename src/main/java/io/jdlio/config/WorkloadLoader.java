package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; give a path to a DLIO workload YAML "
                    + "or the name of one in workloads/");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.getFileName().toString(), text, overrides);
    }

    public static Workload load(String name, InputStream in, List<String> overrides) throws IOException {
        return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), overrides);
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
        WorkloadValidator.validate(w);
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String source, String text) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            throw new ConfigException(source + ": YAML syntax error" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
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
