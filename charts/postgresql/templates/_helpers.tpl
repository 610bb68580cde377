{{- define "postgresql.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Services and workloads are named after the release unless it already says postgres. */}}
{{- define "postgresql.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains "postgres" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "postgresql.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "postgresql.selectorLabels" -}}
app.kubernetes.io/name: {{ include "postgresql.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "postgresql.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "postgresql.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tethral
{{- end }}

{{- define "postgresql.secretName" -}}
{{- default (printf "%s-auth" (include "postgresql.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{- define "postgresql.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end }}

{{- define "postgresql.replication" -}}
{{- if eq .Values.architecture "replication" }}true{{ end }}
{{- end }}

{{/* A pg_isready probe against the local server (no credentials needed). */}}
{{- define "postgresql.isready" -}}
exec:
  command: ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "{{ .Values.port }}", "-U", "postgres"]
{{- end }}
