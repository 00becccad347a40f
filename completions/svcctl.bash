_svcctl() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="svcctl"
                ;;
            svcctl,apply)
                cmd="svcctl__subcmd__apply"
                ;;
            svcctl,audit)
                cmd="svcctl__subcmd__audit"
                ;;
            svcctl,completions)
                cmd="svcctl__subcmd__completions"
                ;;
            svcctl,diff)
                cmd="svcctl__subcmd__diff"
                ;;
            svcctl,explain)
                cmd="svcctl__subcmd__explain"
                ;;
            svcctl,fix)
                cmd="svcctl__subcmd__fix"
                ;;
            svcctl,help)
                cmd="svcctl__subcmd__help"
                ;;
            svcctl,lint)
                cmd="svcctl__subcmd__lint"
                ;;
            svcctl,lsp)
                cmd="svcctl__subcmd__lsp"
                ;;
            svcctl,man)
                cmd="svcctl__subcmd__man"
                ;;
            svcctl,new)
                cmd="svcctl__subcmd__new"
                ;;
            svcctl,rules)
                cmd="svcctl__subcmd__rules"
                ;;
            svcctl__subcmd__help,apply)
                cmd="svcctl__subcmd__help__subcmd__apply"
                ;;
            svcctl__subcmd__help,audit)
                cmd="svcctl__subcmd__help__subcmd__audit"
                ;;
            svcctl__subcmd__help,completions)
                cmd="svcctl__subcmd__help__subcmd__completions"
                ;;
            svcctl__subcmd__help,diff)
                cmd="svcctl__subcmd__help__subcmd__diff"
                ;;
            svcctl__subcmd__help,explain)
                cmd="svcctl__subcmd__help__subcmd__explain"
                ;;
            svcctl__subcmd__help,fix)
                cmd="svcctl__subcmd__help__subcmd__fix"
                ;;
            svcctl__subcmd__help,help)
                cmd="svcctl__subcmd__help__subcmd__help"
                ;;
            svcctl__subcmd__help,lint)
                cmd="svcctl__subcmd__help__subcmd__lint"
                ;;
            svcctl__subcmd__help,lsp)
                cmd="svcctl__subcmd__help__subcmd__lsp"
                ;;
            svcctl__subcmd__help,man)
                cmd="svcctl__subcmd__help__subcmd__man"
                ;;
            svcctl__subcmd__help,new)
                cmd="svcctl__subcmd__help__subcmd__new"
                ;;
            svcctl__subcmd__help,rules)
                cmd="svcctl__subcmd__help__subcmd__rules"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        svcctl)
            opts="-h -V --color --help --version lint fix rules new explain apply diff audit completions man lsp help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__apply)
            opts="-f -n -h -V --filename --dry-run --wait --kubeconfig --context --namespace --timeout --field-manager --force-conflicts --all-kinds --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dry-run)
                    COMPREPLY=($(compgen -W "none server client" -- "${cur}"))
                    return 0
                    ;;
                --wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --field-manager)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__audit)
            opts="-n -A -l -o -q -h -V --namespace --all-namespaces --selector --pending-after --output-format --format --output-file --output --deny-warnings --quiet --timings --kubeconfig --context --timeout --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --selector)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -l)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pending-after)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --output-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -o)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --kubeconfig)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__completions)
            opts="-h -V --color --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__diff)
            opts="-f -n -h -V --filename --kubeconfig --context --namespace --timeout --field-manager --force-conflicts --all-kinds --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --field-manager)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__explain)
            opts="-f -r -n -h -V --filename --recursive --output-format --format --ascii --cluster --kubeconfig --context --namespace --timeout --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "text json" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "text json" -- "${cur}"))
                    return 0
                    ;;
                --kubeconfig)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__fix)
            opts="-f -q -h -V --filename --diff --unsafe-fixes --output-format --format --deny-warnings --max-file-size --quiet --kustomize --helm --helm-values --helm-set --chart-root --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --max-file-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kustomize)
                    COMPREPLY=($(compgen -W "on off" -- "${cur}"))
                    return 0
                    ;;
                --helm)
                    COMPREPLY=($(compgen -W "on off" -- "${cur}"))
                    return 0
                    ;;
                --helm-values)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --helm-set)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --chart-root)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help)
            opts="lint fix rules new explain apply diff audit completions man lsp help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__apply)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__audit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__diff)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__fix)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__lint)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__lsp)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__new)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__help__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__lint)
            opts="-f -o -q -h -V --filename --output-format --format --output-file --output --deny-warnings --show-suppressed --max-file-size --quiet --kustomize --helm --helm-values --helm-set --chart-root --fix --unsafe-fixes --select --ignore --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "human json concise github sarif junit" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --output-file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -o)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --max-file-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kustomize)
                    COMPREPLY=($(compgen -W "on off" -- "${cur}"))
                    return 0
                    ;;
                --helm)
                    COMPREPLY=($(compgen -W "on off" -- "${cur}"))
                    return 0
                    ;;
                --helm-values)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --helm-set)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --chart-root)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --select)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --ignore)
                    COMPREPLY=($(compgen -W "yaml-syntax invalid-value-type unknown-field duplicate-key invalid-name invalid-namespace invalid-label invalid-annotation invalid-metadata topology-annotation-mismatch ports-required node-port-range port-name-missing invalid-port-name duplicate-port-name port-out-of-range invalid-protocol invalid-target-port-name invalid-app-protocol duplicate-port invalid-selector invalid-session-affinity invalid-cluster-ip invalid-ip-family headless-type-conflict cluster-ip-on-external-name invalid-external-name invalid-external-ip invalid-type node-port-on-cluster-ip duplicate-node-port load-balancer-field-on-wrong-type invalid-source-range invalid-load-balancer-class invalid-external-traffic-policy invalid-health-check-node-port invalid-internal-traffic-policy invalid-traffic-distribution cluster-ip-outside-service-cidr ip-family-not-configured invalid-type-meta selector-matches-nothing target-port-name-not-found target-port-not-declared selector-ports-disagree node-port-conflict duplicate-service statefulset-service-mismatch ingress-backend-mismatch external-ips external-name-is-ip load-balancer-without-source-ranges node-port-exposed deprecated-load-balancer-ip deprecated-external-ips deprecated-topology-aware-hints deprecated-prefer-close ignored-on-headless field-ignored-for-type session-affinity-config-ignored same-port-tcp-and-udp live-object-dump traffic-policy-contradicts-type non-canonical-ip ambiguous-scalar invalid-kustomization kustomization-not-applied-as-written helm-chart-not-rendered template-document-not-checked helm-template-failed selector-matches-no-pod no-ready-endpoints stale-endpoint-slices target-port-name-not-in-pods target-port-not-in-pods pods-disagree-on-port load-balancer-pending load-balancer-class-unserved local-traffic-dropped-on-nodes local-traffic-without-health-check selectorless-without-endpoints orphaned-endpoint-slice backend-missing-in-cluster external-name-with-ports syntax api cross-object security deprecation best-practice cluster all" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__lsp)
            opts="-h -V --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__man)
            opts="-h -V --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__new)
            opts="-p -n -o -q -h -V --port --target --port-name --app-protocol --node-port --selector --no-selector --from --workload --namespace --label --annotation --external-name --external-traffic-policy --internal-traffic-policy --session-affinity --session-affinity-timeout --load-balancer-class --source-range --ip-family-policy --ip-family --publish-not-ready-addresses --output --force --append --output-format --format --quiet --node-port-range --service-cidr --ip-families --kube-version --config --no-config --color --help --version clusterip nodeport loadbalancer externalname headless"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --port-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --app-protocol)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --node-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --selector)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --from)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --workload)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --namespace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --label)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --annotation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --external-traffic-policy)
                    COMPREPLY=($(compgen -W "Cluster Local" -- "${cur}"))
                    return 0
                    ;;
                --internal-traffic-policy)
                    COMPREPLY=($(compgen -W "Cluster Local" -- "${cur}"))
                    return 0
                    ;;
                --session-affinity)
                    COMPREPLY=($(compgen -W "ClientIP None" -- "${cur}"))
                    return 0
                    ;;
                --session-affinity-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --load-balancer-class)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --source-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-family-policy)
                    COMPREPLY=($(compgen -W "SingleStack PreferDualStack RequireDualStack" -- "${cur}"))
                    return 0
                    ;;
                --ip-family)
                    COMPREPLY=($(compgen -W "IPv4 IPv6" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -o)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "yaml json" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "yaml json" -- "${cur}"))
                    return 0
                    ;;
                --node-port-range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --service-cidr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip-families)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --kube-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        svcctl__subcmd__rules)
            opts="-h -V --output-format --format --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "${cur}"))
                    return 0
                    ;;
                --output-format)
                    COMPREPLY=($(compgen -W "table json" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _svcctl -o nosort -o bashdefault -o default svcctl
else
    complete -F _svcctl -o bashdefault -o default svcctl
fi
