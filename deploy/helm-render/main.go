// Command helm-render renders a Helm chart the way `helm template` does, with the engine Helm uses:
// Go's text/template, the Sprig function library (minus env/expandenv, as in Helm) and Helm's own
// functions (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup). Values are read as
// Helm reads them (sigs.k8s.io/yaml: numbers become float64), the chart's values.yaml is merged with
// -f files and --set/--set-string (null deletes a key), and .Release, .Chart, .Capabilities,
// .Template and .Files are provided.
//
// It exists so the chart's tests run the real template engine without helm or a cluster. It builds
// offline from Debian's packages (golang-go, golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev) in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o helm-render ./deploy/helm-render
//	helm-render [--name REL] [--namespace NS] [-f values.yaml]... [--set k=v]... [--json] CHART_DIR
//
// Output: like `helm template` (YAML documents, each with a "# Source:" comment), or with --json one
// object {"manifests":[{"source","content"}],"notes"} for tests. Errors go to stderr, exit status 1.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type manifest struct {
	Source  string `json:"source"`
	Content string `json:"content"`
}

func main() {
	var valueFiles, sets, setStrings listFlag
	name := flag.String("name", "release-name", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	upgrade := flag.Bool("upgrade", false, "render as an upgrade (.Release.IsUpgrade)")
	kubeVersion := flag.String("kube-version", "v1.31.0", ".Capabilities.KubeVersion")
	asJSON := flag.Bool("json", false, "print one JSON object instead of YAML documents")
	lookupFile := flag.String("lookup", "", "YAML/JSON list of objects that `lookup` finds (the cluster's state; default: none, as helm template)")
	flag.Var(&valueFiles, "f", "values file (repeatable)")
	flag.Var(&valueFiles, "values", "values file (repeatable)")
	flag.Var(&sets, "set", "set values: a.b=c,d=e (repeatable; typed like helm: ints, bools, null)")
	flag.Var(&setStrings, "set-string", "set string values: a.b=c (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helm-render [flags] CHART_DIR")
		os.Exit(2)
	}
	manifests, notes, err := render(flag.Arg(0), options{name: *name, namespace: *namespace, upgrade: *upgrade, kubeVersion: *kubeVersion, valueFiles: valueFiles, sets: sets, setStrings: setStrings, lookupFile: *lookupFile})
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	if *asJSON {
		out, _ := json.Marshal(map[string]interface{}{"manifests": manifests, "notes": notes})
		os.Stdout.Write(append(out, '\n'))
		return
	}
	for _, m := range manifests {
		fmt.Printf("---\n# Source: %s\n%s\n", m.Source, m.Content)
	}
}

type options struct {
	name, namespace, kubeVersion string
	lookupFile                   string
	upgrade                      bool
	valueFiles, sets, setStrings []string
}

// ---------------------------------------------------------------- values

func readYAMLMap(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if m == nil {
		m = map[string]interface{}{}
	}
	return m, nil
}

// coalesce merges src into dst the way Helm layers values: maps merge key by key, anything else
// replaces, and a null deletes the key.
func coalesce(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		sm, sok := v.(map[string]interface{})
		dm, dok := dst[k].(map[string]interface{})
		if sok && dok {
			dst[k] = coalesce(dm, sm)
		} else {
			dst[k] = v
		}
	}
	return dst
}

// splitUnescaped splits s at sep outside braces, honouring backslash escapes.
func splitUnescaped(s string, sep byte) []string {
	var parts []string
	var cur strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
		case c == '{':
			depth++
			cur.WriteByte(c)
		case c == '}':
			depth--
			cur.WriteByte(c)
		case c == sep && depth == 0:
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// typed converts a --set value as Helm's strvals does: true/false, null, integers (no leading zero)
// become bool, nil and int64; everything else stays a string.
func typed(v string, asString bool) interface{} {
	if asString {
		return v
	}
	switch v {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	case "0":
		return int64(0)
	}
	if !strings.HasPrefix(v, "0") {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return v
}

func setValue(vals map[string]interface{}, expr string, asString bool) error {
	for _, item := range splitUnescaped(expr, ',') {
		if item == "" {
			continue
		}
		kv := strings.SplitN(item, "=", 2)
		if len(kv) != 2 || kv[0] == "" {
			return fmt.Errorf("--set %q: expected key=value", item)
		}
		var value interface{}
		raw := kv[1]
		if !asString && strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}") {
			list := []interface{}{}
			if inner := raw[1 : len(raw)-1]; inner != "" {
				for _, x := range splitUnescaped(inner, ',') {
					list = append(list, typed(unescape(x), false))
				}
			}
			value = list
		} else {
			value = typed(unescape(raw), asString)
		}
		keys := splitUnescaped(kv[0], '.')
		cur := vals
		for i, key := range keys {
			key = unescape(key)
			last := i == len(keys)-1
			if last {
				if value == nil {
					cur[key] = nil // deleted when coalesced
				} else {
					cur[key] = value
				}
				break
			}
			next, ok := cur[key].(map[string]interface{})
			if !ok {
				next = map[string]interface{}{}
				cur[key] = next
			}
			cur = next
		}
	}
	return nil
}

// ---------------------------------------------------------------- Helm's objects

// versionSet is .Capabilities.APIVersions (with Has, as in Helm)
type versionSet []string

func (v versionSet) Has(s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

// files is .Files: the chart's non-template files (Get, GetBytes, Glob-free subset)
type files map[string][]byte

func (f files) Get(name string) string      { return string(f[name]) }
func (f files) GetBytes(name string) []byte { return f[name] }
func (f files) Has(name string) bool        { _, ok := f[name]; return ok }

// chartObject maps Chart.yaml's keys to Helm's .Chart field names (name → Name, appVersion → AppVersion).
func chartObject(meta map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	special := map[string]string{"apiVersion": "APIVersion", "kubeVersion": "KubeVersion", "appVersion": "AppVersion"}
	for k, v := range meta {
		n, ok := special[k]
		if !ok {
			n = strings.ToUpper(k[:1]) + k[1:]
		}
		out[n] = v
	}
	return out
}

// ---------------------------------------------------------------- rendering

const recursionMax = 1000

func funcMap(t **template.Template, cluster []map[string]interface{}) template.FuncMap {
	f := sprig.TxtFuncMap()
	// as in Helm: no access to the renderer's environment
	delete(f, "env")
	delete(f, "expandenv")
	included := map[string]int{}
	f["include"] = func(name string, data interface{}) (string, error) {
		if included[name] > recursionMax {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		included[name]++
		defer func() { included[name]-- }()
		var buf bytes.Buffer
		err := (*t).ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := (*t).Clone()
		if err != nil {
			return "", err
		}
		clone.Option("missingkey=zero")
		tt, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf bytes.Buffer
		if err := tt.Execute(&buf, data); err != nil {
			return "", err
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(msg)
		}
		return v, nil
	}
	f["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	f["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	// as `helm template` without a cluster: nothing is found, unless --lookup supplies the cluster's objects
	f["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		var items []interface{}
		for _, obj := range cluster {
			meta, _ := obj["metadata"].(map[string]interface{})
			if obj["apiVersion"] != apiVersion || obj["kind"] != kind || (namespace != "" && meta["namespace"] != namespace) {
				continue
			}
			if name == "" {
				items = append(items, obj)
			} else if meta["name"] == name {
				return obj, nil
			}
		}
		if name == "" {
			return map[string]interface{}{"items": items}, nil
		}
		return map[string]interface{}{}, nil
	}
	return f
}

func render(chartDir string, o options) ([]manifest, string, error) {
	meta, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return nil, "", err
	}
	chartName, _ := meta["name"].(string)
	if chartName == "" {
		return nil, "", errors.New("Chart.yaml has no name")
	}
	values := map[string]interface{}{}
	if _, err := os.Stat(filepath.Join(chartDir, "values.yaml")); err == nil {
		if values, err = readYAMLMap(filepath.Join(chartDir, "values.yaml")); err != nil {
			return nil, "", err
		}
	}
	user := map[string]interface{}{}
	for _, file := range o.valueFiles {
		v, err := readYAMLMap(file)
		if err != nil {
			return nil, "", err
		}
		user = coalesceUser(user, v)
	}
	for _, s := range o.sets {
		if err := setValue(user, s, false); err != nil {
			return nil, "", err
		}
	}
	for _, s := range o.setStrings {
		if err := setValue(user, s, true); err != nil {
			return nil, "", err
		}
	}
	values = coalesce(values, user)

	var cluster []map[string]interface{}
	if o.lookupFile != "" {
		data, err := os.ReadFile(o.lookupFile)
		if err != nil {
			return nil, "", err
		}
		if err := yaml.Unmarshal(data, &cluster); err != nil {
			return nil, "", fmt.Errorf("%s: %w", o.lookupFile, err)
		}
	}

	// templates: every file under templates/, named "<chart>/templates/<path>" as Helm names them
	var t *template.Template
	t = template.New(chartName).Funcs(funcMap(&t, cluster)).Option("missingkey=zero")
	chartFiles := files{}
	var names []string
	err = filepath.WalkDir(chartDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(rel, "templates/") {
			chartFiles[rel] = data
			return nil
		}
		name := path.Join(chartName, rel)
		if _, err := t.New(name).Parse(string(data)); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	sort.Strings(names)

	major, minor := "1", "31"
	if parts := strings.SplitN(strings.TrimPrefix(o.kubeVersion, "v"), ".", 3); len(parts) >= 2 {
		major, minor = parts[0], parts[1]
	}
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": o.name, "Namespace": o.namespace, "IsInstall": !o.upgrade, "IsUpgrade": o.upgrade, "Revision": 1, "Service": "Helm",
		},
		"Chart": chartObject(meta),
		"Capabilities": map[string]interface{}{
			"KubeVersion": map[string]interface{}{"Version": o.kubeVersion, "GitVersion": o.kubeVersion, "Major": major, "Minor": minor},
			"APIVersions": versionSet{"v1", "apps/v1", "batch/v1", "policy/v1", "networking.k8s.io/v1"},
		},
		"Files": chartFiles,
	}

	var out []manifest
	notes := ""
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") {
			continue
		}
		data := map[string]interface{}{}
		for k, v := range top {
			data[k] = v
		}
		data["Template"] = map[string]interface{}{"Name": name, "BasePath": path.Join(chartName, "templates")}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return nil, "", cleanError(err)
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			notes = text
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		out = append(out, manifest{Source: name, Content: strings.TrimSpace(text)})
	}
	return out, notes, nil
}

// coalesceUser layers one user values file over the previous ones (a null is kept, so it still
// deletes the chart default when the result is coalesced into the chart's values).
func coalesceUser(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		sm, sok := v.(map[string]interface{})
		dm, dok := dst[k].(map[string]interface{})
		if sok && dok {
			dst[k] = coalesceUser(dm, sm)
		} else {
			dst[k] = v
		}
	}
	return dst
}

// cleanError shortens text/template's execution errors as Helm does:
// "execution error at (chart/templates/x.yaml:3:7): <message>".
func cleanError(err error) error {
	var ee template.ExecError
	msg := err.Error()
	if errors.As(err, &ee) {
		if i := strings.Index(msg, "error calling "); i >= 0 {
			rest := msg[i+len("error calling "):]
			if j := strings.Index(rest, ": "); j >= 0 {
				loc := strings.TrimPrefix(strings.SplitN(msg, ": executing", 2)[0], "template: ")
				return fmt.Errorf("execution error at (%s): %s", loc, rest[j+2:])
			}
		}
	}
	return err
}
