{{/* Chart name, overridable. */}}
{{- define "suggestion.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name when it already contains the chart name. */}}
{{- define "suggestion.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "suggestion.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels; `app` is what the guide's NetworkPolicy, PDB and affinity select on. */}}
{{- define "suggestion.selectorLabels" -}}
app: {{ include "suggestion.name" . }}
app.kubernetes.io/name: {{ include "suggestion.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "suggestion.labels" -}}
helm.sh/chart: {{ include "suggestion.chart" . }}
{{ include "suggestion.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tethral
{{- end }}

{{- define "suggestion.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "suggestion.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "suggestion.configName" -}}
{{- printf "%s-config" (include "suggestion.fullname" .) }}
{{- end }}

{{/* The Secret the pods read: an existing one, or the chart's own. */}}
{{- define "suggestion.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "suggestion.fullname" .) }}
{{- end }}
{{- end }}
