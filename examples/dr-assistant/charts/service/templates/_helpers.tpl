{{/* Name of the service: the release name unless overridden. */}}
{{- define "service.name" -}}
{{- default .Release.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "service.name" . -}}
{{- end -}}
{{- end -}}

{{- define "service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "service.labels" -}}
{{ include "service.commonLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
{{- end -}}

{{/* Labels without app.kubernetes.io/version (Deployments set it from their own tag). */}}
{{- define "service.commonLabels" -}}
helm.sh/chart: {{ include "service.chart" . }}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/component: {{ .Values.tier }}
app.kubernetes.io/part-of: dr-assistant
app.kubernetes.io/managed-by: {{ .Release.Service }}
dr-assistant.io/environment: {{ .Values.environment }}
{{- end -}}

{{- define "service.serviceAccountName" -}}
{{- include "service.fullname" . -}}
{{- end -}}

{{/*
The Deployments of the release shape, as a YAML map {workloads: [...]}:
  single:    <name> (track stable)
  canary:    <name> (track stable) and <name>-canary (track canary, fixed replicas, no HPA)
  blueGreen: <name>-blue and <name>-green (track = colour); the Service selects the active colour
*/}}
{{- define "service.workloads" -}}
{{- $full := include "service.fullname" . -}}
{{- $r := .Values.release -}}
workloads:
{{- if eq $r.strategy "blueGreen" }}
{{- range $color := list "blue" "green" }}
{{- $c := index $r.blueGreen $color }}
{{- if or $c.enabled (eq $r.blueGreen.activeColor $color) }}
  - name: {{ printf "%s-%s" $full $color }}
    track: {{ $color }}
    tag: {{ $c.tag | quote }}
    autoscaled: true
{{- end }}
{{- end }}
{{- else }}
  - name: {{ $full }}
    track: stable
    tag: {{ .Values.image.tag | quote }}
    autoscaled: true
{{- if and (eq $r.strategy "canary") $r.canary.enabled }}
  - name: {{ printf "%s-canary" $full }}
    track: canary
    tag: {{ $r.canary.tag | quote }}
    autoscaled: false
    replicas: {{ $r.canary.replicas }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The track the main Service sends traffic to. */}}
{{- define "service.activeTrack" -}}
{{- if eq .Values.release.strategy "blueGreen" -}}
{{- .Values.release.blueGreen.activeColor -}}
{{- else -}}
stable
{{- end -}}
{{- end -}}

{{/* A NetworkPolicy peer: {namespace, podLabels} or cidrs. */}}
{{- define "service.peers" -}}
{{- if .cidrs }}
{{- range .cidrs }}
- ipBlock:
    cidr: {{ . }}
{{- end }}
{{- else }}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .namespace }}
  {{- if .podLabels }}
  podSelector:
    matchLabels:
      {{- toYaml .podLabels | nindent 6 }}
  {{- end }}
{{- end }}
{{- end -}}
