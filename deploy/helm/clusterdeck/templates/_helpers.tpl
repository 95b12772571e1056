{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "clusterdeck.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified app name: the release name, or release-chart when the release name lacks the chart name. */}}
{{- define "clusterdeck.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "clusterdeck.selectorLabels" -}}
app.kubernetes.io/name: {{ include "clusterdeck.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "clusterdeck.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "clusterdeck.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "clusterdeck.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "clusterdeck.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, ENCRYPTION_KEY, NEXTAUTH_SECRET and the optional secrets. */}}
{{- define "clusterdeck.secretName" -}}
{{- default (include "clusterdeck.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "clusterdeck.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}


{{/* Environment shared by the Deployment and the migration Job. */}}
{{- define "clusterdeck.env" -}}
- name: NODE_ENV
  value: production
- name: PORT
  value: "3000"
- name: DATA_DIR
  value: /data
- name: CLUSTERDECK_DEMO
  value: "false"
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: SYNC_INTERVAL_SECONDS
  value: {{ .Values.config.syncIntervalSeconds | toString | quote }}
- name: PROVIDER_MAX_RESPONSE_BYTES
  value: {{ .Values.config.providerMaxResponseBytes | int | toString | quote }}
- name: TRUST_PROXY_HOPS
  {{- if eq (toString .Values.config.trustProxyHops) "" }}
  value: {{ ternary "1" "0" .Values.ingress.enabled | quote }}
  {{- else }}
  value: {{ .Values.config.trustProxyHops | int | toString | quote }}
  {{- end }}
{{- with .Values.config.nextauthUrl }}
- name: NEXTAUTH_URL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.config.allowedProviderHosts }}
- name: ALLOWED_PROVIDER_HOSTS
  value: {{ . | quote }}
{{- end }}
- name: OIDC_NAME
  value: {{ .Values.config.oidcName | quote }}
- name: OIDC_SCOPES
  value: {{ .Values.config.oidcScopes | quote }}
- name: OIDC_GROUPS_CLAIM
  value: {{ .Values.config.oidcGroupsClaim | quote }}
{{- with .Values.config.oidcGroupMappings }}
- name: OIDC_GROUP_MAPPINGS
  value: {{ . | quote }}
{{- end }}
{{- with .Values.config.bootstrapAdminEmail }}
- name: BOOTSTRAP_ADMIN_EMAIL
  value: {{ . | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: DATABASE_URL
- name: ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: ENCRYPTION_KEY
- name: NEXTAUTH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" . }}
      key: NEXTAUTH_SECRET
{{- range (list "ENCRYPTION_KEYS_OLD" "OIDC_ISSUER" "OIDC_CLIENT_ID" "OIDC_CLIENT_SECRET" "METRICS_TOKEN" "BOOTSTRAP_ADMIN_PASSWORD") }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "clusterdeck.secretName" $ }}
      key: {{ . }}
      optional: true
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
