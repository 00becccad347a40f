
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'svcctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'svcctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'svcctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check Service manifests for everything the API server would refuse, and more')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Apply the rules'' fixes in place as minimal edits, then report what remains')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rules with their codes, categories and default severities')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a correct Service manifest of any type')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain Service types, fields, rules, or what a manifest does with traffic')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Lint, then server-side apply to a live cluster')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what `apply` would change on the live cluster (server-side dry run)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check every Service of a live cluster against its Pods, EndpointSlices and nodes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('lsp', 'lsp', [CompletionResultType]::ParameterValue, 'Run the language server (LSP over stdin/stdout) for editors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;lint' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Files larger than this many bytes are reported instead of read [default: 67108864]')
            [CompletionResult]::new('--kustomize', '--kustomize', [CompletionResultType]::ParameterName, 'on: lint kustomizations as `kubectl apply -k` builds them; off: file by file')
            [CompletionResult]::new('--helm', '--helm', [CompletionResultType]::ParameterName, 'on: render charts with `helm template` when helm is on PATH; off: read templates raw')
            [CompletionResult]::new('--helm-values', '--helm-values', [CompletionResultType]::ParameterName, 'A values file for `helm template --values` (repeatable)')
            [CompletionResult]::new('--helm-set', '--helm-set', [CompletionResultType]::ParameterName, 'A value for `helm template --set K=V` (repeatable)')
            [CompletionResult]::new('--chart-root', '--chart-root', [CompletionResultType]::ParameterName, 'Where the charts named by a rendered stream''s `# Source:` lines are [default: .]')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('--show-suppressed', '--show-suppressed', [CompletionResultType]::ParameterName, 'Also list findings silenced by annotations or comments')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the rules'' safe fixes first, as `svcctl fix` does, then report what remains')
            [CompletionResult]::new('--unsafe-fixes', '--unsafe-fixes', [CompletionResultType]::ParameterName, 'Also apply unsafe fixes (see `svcctl rules`: the FIX column)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;fix' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the report of what remains')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Format of the report of what remains')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Files larger than this many bytes are reported instead of read [default: 67108864]')
            [CompletionResult]::new('--kustomize', '--kustomize', [CompletionResultType]::ParameterName, 'on: lint kustomizations as `kubectl apply -k` builds them (their files are not fixed); off: file by file')
            [CompletionResult]::new('--helm', '--helm', [CompletionResultType]::ParameterName, 'on: render charts with `helm template` when helm is on PATH; off: read templates raw')
            [CompletionResult]::new('--helm-values', '--helm-values', [CompletionResultType]::ParameterName, 'A values file for `helm template --values` (repeatable)')
            [CompletionResult]::new('--helm-set', '--helm-set', [CompletionResultType]::ParameterName, 'A value for `helm template --set K=V` (repeatable)')
            [CompletionResult]::new('--chart-root', '--chart-root', [CompletionResultType]::ParameterName, 'Where the charts named by a rendered stream''s `# Source:` lines are [default: .]')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Print a unified diff of the fixes and change nothing (exit 1 if anything would change)')
            [CompletionResult]::new('--unsafe-fixes', '--unsafe-fixes', [CompletionResultType]::ParameterName, 'Also apply unsafe fixes (see `svcctl rules`: the FIX column)')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on remaining warnings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;rules' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;new' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A port: PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080, 53:53/UDP, 443:https (TARGET is a number or a container port name; PROTOCOL is TCP, UDP or SCTP, any case). Repeatable')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'A port: PORT[:TARGET][/PROTOCOL], e.g. 80, 80:8080, 53:53/UDP, 443:https (TARGET is a number or a container port name; PROTOCOL is TCP, UDP or SCTP, any case). Repeatable')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The target of the only port: a number or a container port name')
            [CompletionResult]::new('--port-name', '--port-name', [CompletionResultType]::ParameterName, 'The name of each port, in --port order [default: several ports are named after their target or well-known number (http, https, dns-udp…), else port-N; one port stays unnamed]')
            [CompletionResult]::new('--app-protocol', '--app-protocol', [CompletionResultType]::ParameterName, 'The application protocol of each port, in --port order (http, h2c, kubernetes.io/ws…)')
            [CompletionResult]::new('--node-port', '--node-port', [CompletionResultType]::ParameterName, 'The nodePort of each port, in --port order; `auto` lets the cluster choose (nodeport and loadbalancer only) [default: auto]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'The Pods to send traffic to, by label: KEY=VALUE[,KEY=VALUE] [default: app=NAME]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Derive selector, namespace and ports from a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or Pod manifest (`-` for stdin)')
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'The workload to use when the --from file holds several: NAME or KIND/NAME')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'metadata.namespace [default: the workload''s with --from, else none (kubectl''s context)]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'metadata.namespace [default: the workload''s with --from, else none (kubectl''s context)]')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label: KEY=VALUE[,KEY=VALUE]. Repeatable')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation: KEY=VALUE (the value may hold commas). Repeatable')
            [CompletionResult]::new('--external-name', '--external-name', [CompletionResultType]::ParameterName, 'The DNS name an externalname Service aliases (required for externalname)')
            [CompletionResult]::new('--external-traffic-policy', '--external-traffic-policy', [CompletionResultType]::ParameterName, 'Cluster or Local (nodeport and loadbalancer): Local keeps the client source IP')
            [CompletionResult]::new('--internal-traffic-policy', '--internal-traffic-policy', [CompletionResultType]::ParameterName, 'Cluster or Local: Local sends in-cluster traffic only to Pods on the same node')
            [CompletionResult]::new('--session-affinity', '--session-affinity', [CompletionResultType]::ParameterName, 'ClientIP sends each client to the same Pod; None is the default')
            [CompletionResult]::new('--session-affinity-timeout', '--session-affinity-timeout', [CompletionResultType]::ParameterName, 'How long a ClientIP affinity lasts, 1-86400 [default: 10800]')
            [CompletionResult]::new('--load-balancer-class', '--load-balancer-class', [CompletionResultType]::ParameterName, 'The load-balancer implementation to use (loadbalancer only), e.g. service.k8s.aws/nlb')
            [CompletionResult]::new('--source-range', '--source-range', [CompletionResultType]::ParameterName, 'Client CIDRs the load balancer admits (loadbalancer only). Repeatable')
            [CompletionResult]::new('--ip-family-policy', '--ip-family-policy', [CompletionResultType]::ParameterName, 'SingleStack, PreferDualStack or RequireDualStack')
            [CompletionResult]::new('--ip-family', '--ip-family', [CompletionResultType]::ParameterName, 'IPv4 or IPv6, primary first. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the manifest to FILE instead of stdout (atomically; never over an existing file unless --force or --append)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the manifest to FILE instead of stdout (atomically; never over an existing file unless --force or --append)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--no-selector', '--no-selector', [CompletionResultType]::ParameterName, 'No selector: endpoints are managed by hand (EndpointSlices you create)')
            [CompletionResult]::new('--publish-not-ready-addresses', '--publish-not-ready-addresses', [CompletionResultType]::ParameterName, 'Publish Pods before they are ready (peer discovery for StatefulSets on headless Services)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite FILE if it exists')
            [CompletionResult]::new('--append', '--append', [CompletionResultType]::ParameterName, 'Add the Service to FILE as one more YAML document (`---`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;explain' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; json is available for fields, rules and files')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format; json is available for fields, rules and files')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use [default: its current-context]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Services'' namespace [default: the context''s, else `default`]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Services'' namespace [default: the context''s, else `default`]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (`30s`, `2m`)')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'With a field: list all its sub-fields as a tree, like `kubectl explain --recursive`')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With a field: list all its sub-fields as a tree, like `kubectl explain --recursive`')
            [CompletionResult]::new('--ascii', '--ascii', [CompletionResultType]::ParameterName, 'Draw diagrams with ASCII only (the default when stdout is not a UTF-8 terminal)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Read the named Services from the cluster (as `svc/NAME` does): bare names are Services')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Do not apply; a bare --dry-run means client, as in kubectl')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'After applying, wait up to DURATION for every Service with a selector to have a ready endpoint (and every LoadBalancer an ingress address); exit 1 on timeout')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use [default: its current-context]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (`30s`, `2m`, `1m30s`)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The server-side apply field manager')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take over fields that another field manager owns (server-side apply `force=true`)')
            [CompletionResult]::new('--all-kinds', '--all-kinds', [CompletionResultType]::ParameterName, 'Also apply (or diff) the objects that are not core/v1 Services (Deployments, ConfigMaps, …), in file order')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;diff' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A file, folder or - for stdin, as kubectl''s -f; repeatable, and the same as a PATH')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use [default: its current-context]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace for objects that name none [default: the context''s, else `default`]. An object whose own namespace differs is an error, as in kubectl')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (`30s`, `2m`, `1m30s`)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The server-side apply field manager')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take over fields that another field manager owns (server-side apply `force=true`)')
            [CompletionResult]::new('--all-kinds', '--all-kinds', [CompletionResultType]::ParameterName, 'Also apply (or diff) the objects that are not core/v1 Services (Deployments, ConfigMaps, …), in file order')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;audit' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace to audit [default: the context''s, else `default`]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace to audit [default: the context''s, else `default`]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only the Services this label selector selects (`app=web,tier!=cache`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only the Services this label selector selects (`app=web,tier!=cache`)')
            [CompletionResult]::new('--pending-after', '--pending-after', [CompletionResultType]::ParameterName, 'Report a LoadBalancer still without an address this long after it was created')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the report to FILE (the summary still goes to stderr)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: the files in $KUBECONFIG, else ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use [default: its current-context]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (`30s`, `2m`, `1m30s`)')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Run only these rules: ids, codes or categories (see `svcctl rules`), or all; repeatable or comma-separated')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Do not run these rules: ids, codes or categories (see `svcctl rules`)')
            [CompletionResult]::new('--node-port-range', '--node-port-range', [CompletionResultType]::ParameterName, 'The API server''s --service-node-port-range [default: 30000-32767]')
            [CompletionResult]::new('--service-cidr', '--service-cidr', [CompletionResultType]::ParameterName, 'The cluster''s service CIDR(s); requested cluster IPs must lie inside (not judged when absent)')
            [CompletionResult]::new('--ip-families', '--ip-families', [CompletionResultType]::ParameterName, 'The IP families the cluster serves, primary first (not judged when absent)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'The Kubernetes version whose rules apply [default: the newest supported, 1.36]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read settings from this file instead of the nearest .svcctl.yaml')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Audit every namespace (also finds Pods a selector meets in another namespace)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Audit every namespace (also finds Pods a selector meets in another namespace)')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors and warnings about refused lists')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors and warnings about refused lists')
            [CompletionResult]::new('--timings', '--timings', [CompletionResultType]::ParameterName, 'Say on stderr how long listing and checking took')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore any .svcctl.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;lsp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto (a terminal, unless NO_COLOR is set), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'svcctl;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check Service manifests for everything the API server would refuse, and more')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Apply the rules'' fixes in place as minimal edits, then report what remains')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rules with their codes, categories and default severities')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a correct Service manifest of any type')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain Service types, fields, rules, or what a manifest does with traffic')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Lint, then server-side apply to a live cluster')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what `apply` would change on the live cluster (server-side dry run)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check every Service of a live cluster against its Pods, EndpointSlices and nodes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('lsp', 'lsp', [CompletionResultType]::ParameterValue, 'Run the language server (LSP over stdin/stdout) for editors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;help;lint' {
            break
        }
        'svcctl;help;fix' {
            break
        }
        'svcctl;help;rules' {
            break
        }
        'svcctl;help;new' {
            break
        }
        'svcctl;help;explain' {
            break
        }
        'svcctl;help;apply' {
            break
        }
        'svcctl;help;diff' {
            break
        }
        'svcctl;help;audit' {
            break
        }
        'svcctl;help;completions' {
            break
        }
        'svcctl;help;man' {
            break
        }
        'svcctl;help;lsp' {
            break
        }
        'svcctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
