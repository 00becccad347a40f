
use builtin;
use str;

set edit:completion:arg-completer[svcctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'svcctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'svcctl'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Check Service manifests for everything the API server would refuse, and more'
            cand fix 'Apply the rules'' fixes in place as minimal edits, then report what remains'
            cand rules 'List the rules with their codes, categories and default severities'
            cand new 'Generate a correct Service manifest of any type'
            cand explain 'Explain Service types, fields, rules, or what a manifest does with traffic'
            cand apply 'Lint, then server-side apply to a live cluster'
            cand diff 'Show what `apply` would change on the live cluster (server-side dry run)'
            cand audit 'Check every Service of a live cluster against its Pods, EndpointSlices and nodes'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand lsp 'Run the language server (LSP over stdin/stdout) for editors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;lint'= {
            cand -f 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --filename 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --format 'Output format'
            cand --output-format 'Output format'
            cand -o 'Write the report to FILE (the summary still goes to stderr)'
            cand --output 'Write the report to FILE (the summary still goes to stderr)'
            cand --output-file 'Write the report to FILE (the summary still goes to stderr)'
            cand --max-file-size 'Files larger than this many bytes are reported instead of read [default: 67108864]'
            cand --kustomize 'on: lint kustomizations as `kubectl apply -k` builds them; off: file by file'
            cand --helm 'on: render charts with `helm template` when helm is on PATH; off: read templates raw'
            cand --helm-values 'A values file for `helm template --values` (repeatable)'
            cand --helm-set 'A value for `helm template --set K=V` (repeatable)'
            cand --chart-root 'Where the charts named by a rendered stream''s `# Source:` lines are [default: .]'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand --show-suppressed 'Also list findings silenced by annotations or comments'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --fix 'Apply the rules'' safe fixes first, as `svcctl fix` does, then report what remains'
            cand --unsafe-fixes 'Also apply unsafe fixes (see `svcctl rules`: the FIX column)'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;fix'= {
            cand -f 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --filename 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --format 'Format of the report of what remains'
            cand --output-format 'Format of the report of what remains'
            cand --max-file-size 'Files larger than this many bytes are reported instead of read [default: 67108864]'
            cand --kustomize 'on: lint kustomizations as `kubectl apply -k` builds them (their files are not fixed); off: file by file'
            cand --helm 'on: render charts with `helm template` when helm is on PATH; off: read templates raw'
            cand --helm-values 'A values file for `helm template --values` (repeatable)'
            cand --helm-set 'A value for `helm template --set K=V` (repeatable)'
            cand --chart-root 'Where the charts named by a rendered stream''s `# Source:` lines are [default: .]'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand --diff 'Print a unified diff of the fixes and change nothing (exit 1 if anything would change)'
            cand --unsafe-fixes 'Also apply unsafe fixes (see `svcctl rules`: the FIX column)'
            cand --deny-warnings 'Exit 1 on remaining warnings too'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;rules'= {
            cand --format 'Output format'
            cand --output-format 'Output format'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;new'= {
            cand -p 'A port: PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080, 53:53/UDP, 443:https (TARGET is a number or a container port name; PROTOCOL is TCP, UDP or SCTP, any case). Repeatable'
            cand --port 'A port: PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080, 53:53/UDP, 443:https (TARGET is a number or a container port name; PROTOCOL is TCP, UDP or SCTP, any case). Repeatable'
            cand --target 'The target of the only port: a number or a container port name'
            cand --port-name 'The name of each port, in --port order [default: several ports are named after their target or well-known number (http, https, dns-udp…), else port-N; one port stays unnamed]'
            cand --app-protocol 'The application protocol of each port, in --port order (http, h2c, kubernetes.io/ws…)'
            cand --node-port 'The nodePort of each port, in --port order; `auto` lets the cluster choose (nodeport and loadbalancer only) [default: auto]'
            cand --selector 'The Pods to send traffic to, by label: KEY=VALUE[,KEY=VALUE] [default: app=NAME]'
            cand --from 'Derive selector, namespace and ports from a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or Pod manifest (`-` for stdin)'
            cand --workload 'The workload to use when the --from file holds several: NAME or KIND/NAME'
            cand -n 'metadata.namespace [default: the workload''s with --from, else none (kubectl''s context)]'
            cand --namespace 'metadata.namespace [default: the workload''s with --from, else none (kubectl''s context)]'
            cand --label 'A label: KEY=VALUE[,KEY=VALUE]. Repeatable'
            cand --annotation 'An annotation: KEY=VALUE (the value may hold commas). Repeatable'
            cand --external-name 'The DNS name an externalname Service aliases (required for externalname)'
            cand --external-traffic-policy 'Cluster or Local (nodeport and loadbalancer): Local keeps the client source IP'
            cand --internal-traffic-policy 'Cluster or Local: Local sends in-cluster traffic only to Pods on the same node'
            cand --session-affinity 'ClientIP sends each client to the same Pod; None is the default'
            cand --session-affinity-timeout 'How long a ClientIP affinity lasts, 1-86400 [default: 10800]'
            cand --load-balancer-class 'The load-balancer implementation to use (loadbalancer only), e.g. service.k8s.aws/nlb'
            cand --source-range 'Client CIDRs the load balancer admits (loadbalancer only). Repeatable'
            cand --ip-family-policy 'SingleStack, PreferDualStack or RequireDualStack'
            cand --ip-family 'IPv4 or IPv6, primary first. Repeatable'
            cand -o 'Write the manifest to FILE instead of stdout (atomically; never over an existing file unless --force or --append)'
            cand --output 'Write the manifest to FILE instead of stdout (atomically; never over an existing file unless --force or --append)'
            cand --format 'Output format'
            cand --output-format 'Output format'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand --no-selector 'No selector: endpoints are managed by hand (EndpointSlices you create)'
            cand --publish-not-ready-addresses 'Publish Pods before they are ready (peer discovery for StatefulSets on headless Services)'
            cand --force 'Overwrite FILE if it exists'
            cand --append 'Add the Service to FILE as one more YAML document (`---`)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;explain'= {
            cand -f 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --filename 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --format 'Output format; json is available for fields, rules and files'
            cand --output-format 'Output format; json is available for fields, rules and files'
            cand --kubeconfig 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]'
            cand --context 'The kubeconfig context to use [default: its current-context]'
            cand -n 'The Services'' namespace [default: the context''s, else `default`]'
            cand --namespace 'The Services'' namespace [default: the context''s, else `default`]'
            cand --timeout 'Give up on a request after this long (`30s`, `2m`)'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -r 'With a field: list all its sub-fields as a tree, like `kubectl explain --recursive`'
            cand --recursive 'With a field: list all its sub-fields as a tree, like `kubectl explain --recursive`'
            cand --ascii 'Draw diagrams with ASCII only (the default when stdout is not a UTF-8 terminal)'
            cand --cluster 'Read the named Services from the cluster (as `svc/NAME` does): bare names are Services'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;apply'= {
            cand -f 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --filename 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --dry-run 'Do not apply; a bare --dry-run means client, as in kubectl'
            cand --wait 'After applying, wait up to DURATION for every Service with a selector to have a ready endpoint (and every LoadBalancer an ingress address); exit 1 on timeout'
            cand --kubeconfig 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]'
            cand --context 'The kubeconfig context to use [default: its current-context]'
            cand -n 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl'
            cand --namespace 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl'
            cand --timeout 'Give up on a request after this long (`30s`, `2m`, `1m30s`)'
            cand --field-manager 'The server-side apply field manager'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand --force-conflicts 'Take over fields that another field manager owns (server-side apply `force=true`)'
            cand --all-kinds 'Also apply (or diff) the objects that are not core/v1 Services (Deployments, ConfigMaps, …), in file order'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;diff'= {
            cand -f 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --filename 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH'
            cand --kubeconfig 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]'
            cand --context 'The kubeconfig context to use [default: its current-context]'
            cand -n 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl'
            cand --namespace 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl'
            cand --timeout 'Give up on a request after this long (`30s`, `2m`, `1m30s`)'
            cand --field-manager 'The server-side apply field manager'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand --force-conflicts 'Take over fields that another field manager owns (server-side apply `force=true`)'
            cand --all-kinds 'Also apply (or diff) the objects that are not core/v1 Services (Deployments, ConfigMaps, …), in file order'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;audit'= {
            cand -n 'The namespace to audit [default: the context''s, else `default`]'
            cand --namespace 'The namespace to audit [default: the context''s, else `default`]'
            cand -l 'Only the Services this label selector selects (`app=web,tier!=cache`)'
            cand --selector 'Only the Services this label selector selects (`app=web,tier!=cache`)'
            cand --pending-after 'Report a LoadBalancer still without an address this long after it was created'
            cand --format 'Output format'
            cand --output-format 'Output format'
            cand -o 'Write the report to FILE (the summary still goes to stderr)'
            cand --output 'Write the report to FILE (the summary still goes to stderr)'
            cand --output-file 'Write the report to FILE (the summary still goes to stderr)'
            cand --kubeconfig 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]'
            cand --context 'The kubeconfig context to use [default: its current-context]'
            cand --timeout 'Give up on a request after this long (`30s`, `2m`, `1m30s`)'
            cand --select 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated'
            cand --ignore 'Do not run these rules: ids, codes or categories (see `svcctl rules`)'
            cand --node-port-range 'The API server''s --service-node-port-range [default: 30000-32767]'
            cand --service-cidr 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)'
            cand --ip-families 'The IP families the cluster serves, primary first (not judged when absent)'
            cand --kube-version 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]'
            cand --config 'Read settings from this file instead of the nearest .svcctl.yaml'
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -A 'Audit every namespace (also finds Pods a selector meets in another namespace)'
            cand --all-namespaces 'Audit every namespace (also finds Pods a selector meets in another namespace)'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand -q 'Print nothing on stderr but errors and warnings about refused lists'
            cand --quiet 'Print nothing on stderr but errors and warnings about refused lists'
            cand --timings 'Say on stderr how long listing and checking took'
            cand --no-config 'Ignore any .svcctl.yaml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;completions'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;man'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;lsp'= {
            cand --color 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'svcctl;help'= {
            cand lint 'Check Service manifests for everything the API server would refuse, and more'
            cand fix 'Apply the rules'' fixes in place as minimal edits, then report what remains'
            cand rules 'List the rules with their codes, categories and default severities'
            cand new 'Generate a correct Service manifest of any type'
            cand explain 'Explain Service types, fields, rules, or what a manifest does with traffic'
            cand apply 'Lint, then server-side apply to a live cluster'
            cand diff 'Show what `apply` would change on the live cluster (server-side dry run)'
            cand audit 'Check every Service of a live cluster against its Pods, EndpointSlices and nodes'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand lsp 'Run the language server (LSP over stdin/stdout) for editors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;help;lint'= {
        }
        &'svcctl;help;fix'= {
        }
        &'svcctl;help;rules'= {
        }
        &'svcctl;help;new'= {
        }
        &'svcctl;help;explain'= {
        }
        &'svcctl;help;apply'= {
        }
        &'svcctl;help;diff'= {
        }
        &'svcctl;help;audit'= {
        }
        &'svcctl;help;completions'= {
        }
        &'svcctl;help;man'= {
        }
        &'svcctl;help;lsp'= {
        }
        &'svcctl;help;help'= {
        }
    ]
    $completions[$command]
}
