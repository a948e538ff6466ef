{{/*
Helpers of the urumi-store chart. Every template name is namespaced "urumi-store.".
*/}}

{{/* Chart name (app.kubernetes.io/name). */}}
{{- define "urumi-store.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* name-version for the helm.sh/chart label. */}}
{{- define "urumi-store.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release, which is the store name (at most 30 characters). */}}
{{- define "urumi-store.fullname" -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Object names. */}}
{{- define "urumi-store.wordpress.fullname" -}}{{ include "urumi-store.fullname" . }}-wordpress{{- end -}}
{{- define "urumi-store.mariadb.fullname" -}}{{ include "urumi-store.fullname" . }}-mariadb{{- end -}}
{{- define "urumi-store.setup.fullname" -}}{{ include "urumi-store.fullname" . }}-setup{{- end -}}
{{- define "urumi-store.serviceAccountName" -}}{{ include "urumi-store.fullname" . }}{{- end -}}
{{- define "urumi-store.tlsSecretName" -}}{{ include "urumi-store.fullname" . }}-tls{{- end -}}

{{/*
The credentials Secret name. Rendering fails with this message when it is missing: the chart
never generates or defaults a password.
*/}}
{{- define "urumi-store.secretName" -}}
{{- required "existingSecret is required: set it to the name of the credentials Secret the orchestrator creates before install (keys admin-user, admin-password, admin-email, db-password, db-root-password, wp-app-password). This chart never generates or defaults a password." .Values.existingSecret -}}
{{- end -}}

{{- define "urumi-store.host" -}}
{{- required "store.host is required: the public host name the store's Ingress answers." .Values.store.host -}}
{{- end -}}

{{/*
http or https, as the shop is reached from outside. WordPress accepts application passwords only
over HTTPS or with WP_ENVIRONMENT_TYPE=local, so a production store without TLS could never be
called by the orchestrator: refuse to render it.
*/}}
{{- define "urumi-store.scheme" -}}
{{- if and (ne .Values.store.environment "local") (not .Values.ingress.tls.enabled) -}}
{{- fail "store.environment=production needs ingress.tls.enabled=true: WordPress accepts the orchestrator's application password only over HTTPS (or with store.environment=local)." -}}
{{- end -}}
{{- if .Values.ingress.tls.enabled -}}https{{- else -}}http{{- end -}}
{{- end -}}

{{- define "urumi-store.url" -}}
{{ include "urumi-store.scheme" . }}://{{ include "urumi-store.host" . }}
{{- end -}}

{{/* WP_ENVIRONMENT_TYPE: local allows application passwords over plain HTTP. */}}
{{- define "urumi-store.wpEnvironmentType" -}}
{{- if eq .Values.store.environment "local" -}}local{{- else -}}production{{- end -}}
{{- end -}}

{{/*
The Urumi labels, derived exactly as Urumi.Domain StoreNaming.CommonLabels(engine, plan) does:
instance = release, part-of = urumi, urumi.io/store = store name, urumi.io/engine, urumi.io/plan.
*/}}
{{- define "urumi-store.storeLabels" -}}
{{- $name := required "store.name is required: the store name (also the release name)." .Values.store.name -}}
{{- dict
    "app.kubernetes.io/instance" .Release.Name
    "app.kubernetes.io/part-of" "urumi"
    "urumi.io/store" $name
    "urumi.io/engine" .Values.store.engine
    "urumi.io/plan" .Values.store.plan
  | toYaml -}}
{{- end -}}

{{/*
All labels of an object of one component. Call with (dict "ctx" $ "component" "wordpress").
Derived labels win over commonLabels with the same key.
*/}}
{{- define "urumi-store.labels" -}}
{{- $ctx := .ctx -}}
{{- $derived := include "urumi-store.storeLabels" $ctx | fromYaml -}}
{{- $_ := set $derived "app.kubernetes.io/name" (include "urumi-store.name" $ctx) -}}
{{- $_ := set $derived "app.kubernetes.io/component" .component -}}
{{- $_ := set $derived "app.kubernetes.io/managed-by" $ctx.Release.Service -}}
{{- $_ := set $derived "app.kubernetes.io/version" ($ctx.Chart.AppVersion | toString) -}}
{{- $_ := set $derived "helm.sh/chart" (include "urumi-store.chart" $ctx) -}}
{{- $all := merge $derived (deepCopy ($ctx.Values.commonLabels | default dict)) -}}
{{- toYaml $all -}}
{{- end -}}

{{/* Stable selector labels (immutable on Deployments/StatefulSets: no plan, no version). */}}
{{- define "urumi-store.selectorLabels" -}}
{{- $ctx := .ctx -}}
app.kubernetes.io/name: {{ include "urumi-store.name" $ctx }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* image reference from an images.* entry */}}
{{- define "urumi-store.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}

{{/* Container security context: non-root, no privilege escalation, no capabilities. */}}
{{- define "urumi-store.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
readOnlyRootFilesystem: {{ .readOnlyRootFilesystem }}
{{- end -}}

{{/* env var from the credentials Secret. Call with (list $ "ENV_NAME" "secret-key"). */}}
{{- define "urumi-store.secretEnv" -}}
{{- $ctx := index . 0 -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "urumi-store.secretName" $ctx }}
      key: {{ index . 2 }}
{{- end -}}

{{/*
WordPress configuration env shared by the Deployment and the setup Job: the database connection
and the salts, which files/wordpress-salts.sh creates once on the wp-content volume.
*/}}
{{- define "urumi-store.wordpressDbEnv" -}}
- name: WORDPRESS_DB_HOST
  value: {{ include "urumi-store.mariadb.fullname" . | quote }}
- name: WORDPRESS_DB_NAME
  value: {{ .Values.mariadb.database | quote }}
- name: WORDPRESS_DB_USER
  value: {{ .Values.mariadb.user | quote }}
{{ include "urumi-store.secretEnv" (list . "WORDPRESS_DB_PASSWORD" "db-password") }}
{{- range list "AUTH_KEY" "SECURE_AUTH_KEY" "LOGGED_IN_KEY" "NONCE_KEY" "AUTH_SALT" "SECURE_AUTH_SALT" "LOGGED_IN_SALT" "NONCE_SALT" }}
- name: WORDPRESS_{{ . }}_FILE
  value: /var/www/html/wp-content/.htsalt-{{ . | lower | replace "_" "-" }}
{{- end }}
{{- end -}}

{{/* PHP evaluated at the end of wp-config.php (WORDPRESS_CONFIG_EXTRA of the official image). */}}
{{- define "urumi-store.wpConfigExtra" -}}
define('WP_ENVIRONMENT_TYPE', '{{ include "urumi-store.wpEnvironmentType" . }}');
define('WP_HOME', '{{ include "urumi-store.url" . }}');
define('WP_SITEURL', '{{ include "urumi-store.url" . }}');
define('DISALLOW_FILE_EDIT', true);
define('FS_METHOD', 'direct');
define('WP_MEMORY_LIMIT', '256M');
{{- end -}}

{{/*
Quantity arithmetic for the quota: CPU in millicores, memory and storage in MiB (rounded up).
*/}}
{{- define "urumi-store.milliCpu" -}}
{{- $q := toString . -}}
{{- if hasSuffix "m" $q -}}
{{- trimSuffix "m" $q | int64 -}}
{{- else -}}
{{- mulf (float64 $q) 1000 | ceil | int64 -}}
{{- end -}}
{{- end -}}

{{- define "urumi-store.mebibytes" -}}
{{- $q := toString . -}}
{{- $units := list (list "Ki" 0.0009765625) (list "Mi" 1.0) (list "Gi" 1024.0) (list "Ti" 1048576.0) (list "k" 0.00095367431640625) (list "M" 0.95367431640625) (list "G" 953.67431640625) (list "T" 953674.31640625) -}}
{{- $result := "" -}}
{{- range $units -}}
{{- if and (eq $result "") (hasSuffix (index . 0) $q) -}}
{{- $result = mulf (float64 (trimSuffix (index . 0) $q)) (index . 1) | ceil | int64 | toString -}}
{{- end -}}
{{- end -}}
{{- if eq $result "" -}}
{{- $result = divf (float64 $q) 1048576.0 | ceil | int64 | toString -}}
{{- end -}}
{{- $result -}}
{{- end -}}

{{/* Content hash of everything that shapes the setup Job, so a changed Job gets a new name. */}}
{{- define "urumi-store.setupRevision" -}}
{{- $files := "" -}}
{{- range $path, $_ := .Files.Glob "files/*" -}}
{{- $files = printf "%s\n%s\n%s" $files $path ($.Files.Get $path) -}}
{{- end -}}
{{- printf "%s\n%s\n%s" .Chart.Version (toJson .Values) $files | sha256sum | trunc 8 -}}
{{- end -}}

{{/*
Labels of a StatefulSet's volume claim templates: the common labels without those an upgrade changes
(plan, chart and app version). The templates are immutable, so a label that changes would refuse every upgrade.
*/}}
{{- define "urumi-store.claimLabels" -}}
{{- $all := include "urumi-store.labels" . | fromYaml -}}
{{- $_ := unset $all "urumi.io/plan" -}}
{{- $_ := unset $all "helm.sh/chart" -}}
{{- $_ := unset $all "app.kubernetes.io/version" -}}
{{- toYaml $all -}}
{{- end -}}
